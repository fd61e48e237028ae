"""Every use of python-docx's private attributes and undocumented internals, in one place (writing,
and reading a written document back for `embed.text_by_face`).

python-docx's public API cannot style by id, add fields, borders or shading, remove a
paragraph, or write a package reproducibly, so the writer reaches under it here, and only
here: an upgrade that changes these internals breaks tests/test_compat_docx.py, which
names the function to fix. write.py holds what writing relies on, read.py what reading back
relies on; the writer uses the names from here. Relied on with python-docx 1.2 (pyproject asks for
>=1.2,<2; checked on 1.2.0).
"""

from __future__ import annotations

from .write import (compile_xpaths_once, qualified_name, new_element, insert_child_before, cell_properties,
                    row_properties, table_properties, add_spanning_row, set_table_style_id,
                    set_paragraph_style_id, set_run_style_id, run_properties, append_run_element,
                    append_paragraph_element, remove_paragraph, follows_table, move_cell_content,
                    move_paragraph_into_cell, add_plain_run, append_paragraph, ends_with_table, put_table_before,
                    header_body_elements,
                    insert_story_elements, relate_copied_target, set_picture_description,
                    no_picture_spacing, relate_external_link, set_east_asian_font,
                    style_paragraph_properties, paragraph_properties, drop_parts, write_package, PYTHON_DOCX_XPATH)
from .read import (story_items, cell_items, table_cells, paragraph_runs, written_style_id, run_text, run_font, W_P)

__all__ = ['compile_xpaths_once', 'qualified_name', 'new_element', 'insert_child_before', 'cell_properties',
           'row_properties', 'table_properties', 'add_spanning_row', 'set_table_style_id',
           'set_paragraph_style_id', 'set_run_style_id', 'run_properties', 'append_run_element',
           'append_paragraph_element', 'remove_paragraph', 'follows_table', 'move_cell_content',
           'move_paragraph_into_cell', 'add_plain_run',
           'append_paragraph', 'ends_with_table', 'put_table_before', 'header_body_elements',
           'insert_story_elements', 'relate_copied_target', 'set_picture_description', 'no_picture_spacing',
           'relate_external_link', 'set_east_asian_font', 'style_paragraph_properties', 'paragraph_properties',
           'drop_parts',
           'write_package', 'PYTHON_DOCX_XPATH', 'story_items', 'cell_items', 'table_cells',
           'paragraph_runs', 'written_style_id', 'run_text', 'run_font', 'W_P']
