"""Element-wise, shape, indexing and reduction operations as models use them."""
import torch
import torch.nn.functional as F
from torch import nn

from torch_cases.inputs import rand


class Misc(nn.Module):
    def forward(self, x):
        w = torch.where(x > 0, x, 0.1 * x)
        c = torch.clamp(x, -0.5, 0.7)
        lo = x.clamp(min=0.2)
        s = torch.cumsum(x, dim=1)
        v, i = torch.topk(x, 3, dim=-1)
        small, _ = torch.topk(x, 2, dim=1, largest=False)
        a = torch.argmax(x, dim=-1)
        m = torch.argmin(x, dim=1, keepdim=True)
        masked = x.masked_fill(x < -1, 0.0)
        return w, c, lo, s, v, i, small, a, m, masked


class Shapes(nn.Module):
    def forward(self, x):
        b = x.shape[0]
        y = x.reshape(b, 4, 6).permute(0, 2, 1)
        p, q = y.chunk(2, dim=1)
        r, s, t = torch.split(x.view(b, 24), [8, 10, 6], dim=1)
        cat = torch.cat([p, q * 2], dim=-1)
        st = torch.stack([r[:, :6], t], dim=1)
        u = t.unsqueeze(1).unsqueeze(-1).squeeze(1)
        e = x.flatten(1)[:, None, :].expand(b, 3, 24)
        rep = r.repeat(1, 2)
        tr = x.transpose(1, 2).contiguous().view(b, -1)
        sl = x[:, 1:, ::2, -2:]
        return cat, st, u, e, rep, s, tr, sl


class Pad(nn.Module):
    def forward(self, x):
        return (F.pad(x, (1, 2), value=0.5), F.pad(x, (2, 1, 1, 2), mode="reflect"),
                F.pad(x, (1, 1, 2, 0), mode="replicate"), F.pad(x, (1, 1, 1, 1, 1, 0)))


class Passthrough(nn.Module):
    """Outputs that are an input, repeated, or constant."""

    def forward(self, x):
        return x, x * 2, x, torch.ones(3)


class IntIds(nn.Module):
    """int32 ids and a bool mask as inputs."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(20, 4)

    def forward(self, ids, mask):
        h = self.emb(ids.long())
        return h.masked_fill(mask.unsqueeze(-1), -1.0), h.sum(1)


class Select(nn.Module):
    """Outputs whose length depends on the data (NonZero)."""

    def forward(self, x):
        return x[x > 0], torch.nonzero(x > 0.5), x.masked_select(x < -0.5)


class Activations(nn.Module):
    def forward(self, x):
        return (F.leaky_relu(x, 0.2), F.elu(x), F.silu(x), F.hardswish(x), F.mish(x), F.softplus(x),
                F.softplus(x, beta=2), F.hardsigmoid(x), torch.sigmoid(x), torch.tanh(x),
                F.gelu(x), F.gelu(x, approximate="tanh"), F.selu(x), F.celu(x, 1.5), F.relu6(x * 4),
                F.hardtanh(x, -0.5, 0.5), F.softsign(x), F.prelu(x, torch.tensor([0.25])),
                torch.exp(x), torch.sqrt(x.abs()), torch.rsqrt(x.abs() + 1), torch.log1p(x.abs()),
                torch.pow(x, 2), torch.pow(x.abs(), 0.5), x.sign(), x.reciprocal().clamp(-3, 3))


class Activations2(nn.Module):
    def forward(self, x):
        return (F.logsigmoid(x), F.softmin(x, dim=-1), F.tanhshrink(x), F.hardshrink(x, 0.3), F.softshrink(x, 0.3),
                F.threshold(x, 0.0, 0.0), F.rrelu(x, training=False), torch.erf(x), torch.sin(x), torch.cos(x),
                torch.floor(x * 3), torch.ceil(x * 3), torch.round(x * 3),
                torch.log(x.abs() + 0.1), torch.square(x), torch.abs(x).neg())


class Reductions(nn.Module):
    def forward(self, x):
        return (x.mean(dim=(2, 3)), x.sum(dim=1, keepdim=True), torch.amax(x, dim=-1), torch.amin(x, dim=(1, 2)),
                x.max(dim=2).values, x.prod(dim=-1), x.var(dim=-1), x.std(dim=1, unbiased=False),
                torch.logsumexp(x, dim=-1), x.norm(dim=-1), x.abs().sum(), x.mean(), x.max(),
                *torch.std_mean(x, dim=-1), torch.var_mean(x, 1)[0])


class Einsum(nn.Module):
    def forward(self, a, b):
        return (torch.einsum("bij,bjk->bik", a, b), torch.einsum("bij->bji", a),
                torch.einsum("bij,bij->b", a, a), torch.einsum("bij,bkj->bik", a, a),
                torch.einsum("bhqd,bhkd->bhqk", a.unsqueeze(1), a.unsqueeze(1)))


class MatMul(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(5, 3))
        self.v = nn.Parameter(torch.randn(5, 2, 3))

    def forward(self, a, b):
        q = a.reshape(a.shape[0], 2, 5, 2).transpose(1, 2)  # (b, 5, 2, 2)
        return (a @ b, a @ self.w, q @ q.transpose(-1, -2), q @ self.v, torch.bmm(a, b),
                torch.matmul(a[:, :1], b), a[:, 0] @ self.w[:, 0])


class Indexing(nn.Module):
    def forward(self, x, idx):
        return (torch.gather(x, 1, idx), x.index_select(2, torch.tensor([3, 0, 0])), x[:, [2, 0]],
                torch.flip(x, [1, 2]), torch.roll(x, 1, 2), F.one_hot(x.argmax(-1), 5),
                torch.sort(x, dim=-1, descending=True)[0], torch.zeros_like(x) + x.new_ones(1),
                torch.full_like(x, 2.5) * torch.arange(0.0, 1.0, 0.2), torch.tril(x[0]), x[..., 1], x[:, -1:, 1:3])


class Pairs(nn.Module):
    """Binary operations, logic and integer arithmetic. Division rounds
    through rounding_mode: torch 1.13 exports `//` and floor_divide as a
    truncating division although PyTorch floors."""

    def forward(self, a, b):
        n = (a * 10).long()
        return (F.cosine_similarity(a, b, dim=-1), F.pairwise_distance(a, b),
                torch.maximum(a, b), torch.minimum(a, b), torch.max(a, b), F.glu(a, -1),
                (a > b) & (a > 0) | (b < -1), torch.logical_xor(a > 0, b > 0),
                torch.div(a * 10, 3, rounding_mode="floor"), torch.div(a * 10, 3, rounding_mode="trunc"),
                torch.remainder(a * 10, 3), torch.div(n, 3, rounding_mode="floor"), n.int() % 4,
                (~(a > b)).float(), a.ne(b).sum(-1))


# name (ending in the opset), module factory, input makers, options: see gen_torch.py.
CASES = [
    ("misc_op11", Misc, [rand(6)], {}),
    ("misc_op13", Misc, [rand(6)], {}),
    ("shapes_op13", Shapes, [rand(2, 3, 4)], {}),
    ("shapes_op11", Shapes, [rand(2, 3, 4)], {}),
    ("pad_op11", Pad, [rand(2, 4, 5)], {}),
    ("activations_op13", Activations, [rand(3, 7)], {}),
    ("activations_op17", Activations, [rand(3, 7)], {}),
    ("reductions_op13", Reductions, [rand(3, 4, 5)], {}),
    ("reductions_op17", Reductions, [rand(3, 4, 5)], {}),
    ("einsum_op13", Einsum, [rand(3, 4), rand(4, 5)], {}),
    ("matmul_op13", MatMul, [rand(4, 5), rand(5, 3)], {}),
    ("indexing_op14", Indexing, [rand(4, 5), lambda b: torch.randint(0, 4, (b, 2, 5))], {}),
    ("pairs_op13", Pairs, [rand(6), rand(6)], {}),
    ("activations2_op13", Activations2, [rand(3, 7)], {}),
    ("passthrough_op13", Passthrough, [rand(3)], {"batch_axes": {"x0": 0, "y0": 0, "y1": 0, "y2": 0}}),
    ("ids_int32_op13", IntIds, [lambda b: torch.randint(0, 20, (b, 5), dtype=torch.int32),
                                lambda b: torch.rand(b, 5) > 0.5], {}),
    ("select_op13", Select, [rand(3, 4)], {"batch_axes": {"x0": 0}}),
]
