"""The counting calls sandbox.py adds to every parsed template, so its budget sees every step.

A step at the top of every loop body, a nesting check at the start of every
template, macro and `{% call %}` block, and `~` routed through a filter that checks
the length before joining. The filters themselves are the sandbox's.
"""

from __future__ import annotations

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

from .jinja_compat import filter_call

STEP, ENTER, CONCAT = "_lessonpack_step", "_lessonpack_enter", "_lessonpack_concat"
"""The names of the sandbox's counting filters."""


def counter(name: str, lineno: int, env: jinja2.Environment) -> nodes.Stmt:
    """The statement `{{ None | name }}` without output: one call to the budget."""
    return nodes.ExprStmt(filter_call(nodes.Const(None), name, lineno, env), lineno=lineno, environment=env)


class Instrument(NodeTransformer):
    """Adds a step to every loop body, a nesting check to every macro, and bounds `~`."""

    def __init__(self, env: jinja2.Environment):
        self.env = env

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.body.insert(0, counter(ENTER if node.recursive else STEP, node.lineno, self.env))
        return node

    def visit_Macro(self, node: nodes.Macro) -> nodes.Macro:
        self.generic_visit(node)
        node.body.insert(0, counter(ENTER, node.lineno, self.env))
        return node

    def visit_CallBlock(self, node: nodes.CallBlock) -> nodes.CallBlock:
        self.generic_visit(node)
        node.body.insert(0, counter(ENTER, node.lineno, self.env))
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        self.generic_visit(node)
        items = nodes.List(node.nodes, lineno=node.lineno, environment=self.env)
        return filter_call(items, CONCAT, node.lineno, self.env)
