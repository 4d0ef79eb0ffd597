"""``torch.einsum`` drafted as the layers trtgen has: per pair of operands, a ``sum`` over the
labels only that operand has, a ``permute`` and ``reshape`` of each into [batch..., rows, k] and
[batch..., k, columns], one ``matmul``, then a ``reshape`` and ``permute`` into the output's
label order (layers that would change nothing are left out). One operand: ``sum`` and
``permute``. Labels repeated within one operand (diagonals) and ellipses that broadcast are not
covered (the call becomes a custom layer)."""

from .common import Unsupported

#: labels standing for the dimensions an ellipsis covers (never einsum letters)
_ELLIPSIS_LABELS = "0123456789"


def parse(equation, ranks):
    """(operand label strings, output label string) of ``equation`` for operands of ``ranks``;
    an ellipsis becomes one digit label per dimension it covers (aligned at the right)."""
    eq = equation.replace(" ", "")
    lhs, arrow, out = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(ranks):
        raise Unsupported("einsum equation %r names %d operands, given %d" % (equation, len(terms), len(ranks)))
    width = 0
    spans = []
    for term, rank in zip(terms, ranks):
        if "." in term.replace("...", ""):
            raise Unsupported("einsum equation %r: a '.' outside an ellipsis" % equation)
        n = rank - len(term.replace("...", "")) if "..." in term else 0
        if n < 0 or n > len(_ELLIPSIS_LABELS) or ("..." not in term and len(term) != rank):
            raise Unsupported("einsum term %r does not fit an operand of rank %d" % (term, rank))
        spans.append(n)
        width = max(width, n)
    full = _ELLIPSIS_LABELS[:width]
    labels = [t.replace("...", full[width - n :]) for t, n in zip(terms, spans)]
    if not arrow:  # implicit output: the ellipsis, then the labels used once, alphabetically
        counts = {}
        for t in labels:
            for c in t:
                counts[c] = counts.get(c, 0) + 1
        out = full + "".join(sorted(c for c, k in counts.items() if k == 1 and c not in full))
    else:
        out = out.replace("...", full)
    for t in labels + [out]:
        if not all(c.isalpha() or c in full for c in t):
            raise Unsupported("einsum equation %r: labels are letters" % equation)
        if len(set(t)) != len(t):
            raise Unsupported("einsum equation %r repeats a label within one term (a diagonal)" % equation)
    if set(out) - set("".join(labels)):
        raise Unsupported("einsum equation %r: an output label no operand has" % equation)
    return labels, out


class _Writer:
    """Emits the layers of one einsum call; the last one is named after the call's node."""

    def __init__(self, sb, node):
        self.sb, self.node, self.steps = sb, node, []

    def add(self, op, inputs, params):
        self.steps.append((op, inputs, params))
        return len(self.steps) - 1  # a reference to this step's output

    def emit(self, result):
        names = {}
        for i, (op, inputs, params) in enumerate(self.steps):
            base = self.node.name if i == len(self.steps) - 1 else "%s_%s" % (self.node.name, op)
            ins = [names[x] if isinstance(x, int) else x for x in inputs]
            keep = ("dim",) if op == "sum" else ()
            names[i] = self.sb.add_layer(self.node, op, ins, params, name=self.sb.unique(base), keep=keep)
        return names[result] if isinstance(result, int) else self.sb.tname(result)


def _permute(w, x, labels, order):
    """``x`` (dimensions ``labels``) with its dimensions in ``order``."""
    if labels == order:
        return x
    return w.add("permute", [x], {"dims": [labels.index(c) for c in order]})


def _reshape(w, x, shape, new_shape):
    return x if list(shape) == list(new_shape) else w.add("reshape", [x], {"shape": list(new_shape)})


def _sum_out(w, x, labels, keep):
    """``x`` summed over its labels not in ``keep``: (tensor, remaining labels)."""
    gone = [i for i, c in enumerate(labels) if c not in keep]
    if not gone:
        return x, labels
    if len(gone) == len(labels):
        raise Unsupported("einsum summing an operand to a scalar (a 0-d result)")
    x = w.add("sum", [x], {"dim": gone[0] if len(gone) == 1 else gone, "keepdim": False})
    return x, "".join(c for c in labels if c in keep)


def _pair(w, a, la, b, lb, keep, size):
    """The contraction of ``a`` (labels ``la``) and ``b`` over their shared labels not in
    ``keep``: (tensor, labels) with the labels batch, rows of a, columns of b."""
    a, la = _sum_out(w, a, la, set(lb) | keep)
    b, lb = _sum_out(w, b, lb, set(la) | keep)
    batch = [c for c in la if c in lb and c in keep]
    k = [c for c in la if c in lb and c not in keep]
    rows = [c for c in la if c not in lb]
    cols = [c for c in lb if c not in la]

    def dims(labels):
        return [size[c] for c in labels]

    def prod(labels):
        p = 1
        for d in dims(labels):
            p *= d
        return p

    ap, bp = "".join(batch + rows + k), "".join(batch + k + cols)
    a = _reshape(w, _permute(w, a, la, ap), dims(ap), dims(batch) + [prod(rows), prod(k)])
    b = _reshape(w, _permute(w, b, lb, bp), dims(bp), dims(batch) + [prod(k), prod(cols)])
    y = w.add("matmul", [a, b], {})
    labels = "".join(batch + rows + cols)
    return _reshape(w, y, dims(batch) + [prod(rows), prod(cols)], dims(labels)), labels


def draft(sb, node, equation, operands):
    """Appends the layers computing ``torch.einsum(equation, *operands)``; returns the tensor name."""
    if not operands or not all(sb.is_tensor(x) for x in operands):
        raise Unsupported("einsum of a non-tensor")
    shapes = [sb.shape(x) for x in operands]
    labels, out = parse(equation, [len(s) for s in shapes])
    size = {}
    for t, s in zip(labels, shapes):
        for c, d in zip(t, s):
            if size.setdefault(c, d) != d:
                raise Unsupported("einsum label %r has sizes %d and %d (broadcasting is not covered)" % (c, size[c], d))
    w = _Writer(sb, node)
    x, lx = operands[0], labels[0]
    if len(operands) == 1:
        x, lx = _sum_out(w, x, lx, set(out))
    for i in range(1, len(operands)):
        keep = set(out).union(*labels[i + 1 :])
        x, lx = _pair(w, x, lx, operands[i], labels[i], keep, size)
    return w.emit(_permute(w, x, lx, out))
