"""Every use of reportlab's private attributes or undocumented behaviour, in one place.

A reportlab upgrade that changes one of these breaks the function here, and its pinning
test in tests/test_compat_reportlab.py says which. Each function names what it relies on.
layout.py holds what the layout relies on, canvas.py the canvas (class-set copies, tagging),
faces.py the parsed faces kept between runs, patterns.py reportlab's paragraph patterns compiled when used; the writers use the names from here.
Tested with reportlab 5.1.0 (pyproject allows >=5.1,<6: run that test file on any other version).
"""

from __future__ import annotations

from .patterns import import_platypus

import_platypus()  # first: reportlab.platypus imported with its web-address pattern compiled when used (patterns.py)

from .layout import (use_binary_streams, set_default_cell_font, row_heights, measure_last_row_again, cell_rows,
                     measure_rows_again,
                     split_inside_row, line_breaks, split_at_lines, split_after_lines, restore_line_breaks,
                     current_text_position, current_text_font, frame_cursor_y, frame_at_top,
                     layout_error_names_a_table)
from .canvas import (page_state, start_next_page, restore_page_state, page_content, captured_drawing,
                     hook_flowable_drawing, catalog, register_object, next_page_reference, next_page_entries,
                     map_no_unused_codes_to_unicode_zero, watch_annotations, clone_canvas)
from .faces import ttfont

TESTED_VERSIONS = "5.1.0"

__all__ = ['TESTED_VERSIONS', 'use_binary_streams', 'set_default_cell_font', 'row_heights', 'measure_last_row_again',
           'measure_rows_again',
           'cell_rows', 'split_inside_row', 'line_breaks', 'split_at_lines', 'split_after_lines',
           'restore_line_breaks', 'current_text_position', 'current_text_font', 'frame_cursor_y',
           'frame_at_top', 'layout_error_names_a_table', 'page_state', 'start_next_page',
           'restore_page_state', 'page_content', 'captured_drawing', 'hook_flowable_drawing', 'catalog',
           'register_object', 'next_page_reference', 'next_page_entries',
           'map_no_unused_codes_to_unicode_zero', 'watch_annotations', 'clone_canvas', 'ttfont']
