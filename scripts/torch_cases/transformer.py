"""Transformers: PyTorch's encoder, decoder and attention modules, and GPT, BERT and
LLaMA blocks written out by hand as their reference code does."""
import math

import torch
import torch.nn.functional as F
from torch import nn

from torch_cases.inputs import SEQ, ids, key_padding, padding_mask, rand, seq, seq_ids, seq_mask


class Encoder(nn.Module):
    def __init__(self, norm_first=False, mask=None, layers=2):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.1,
                                           batch_first=True, norm_first=norm_first)
        self.encoder = nn.TransformerEncoder(layer, layers)
        self.mask = mask

    def forward(self, x):
        if self.mask == "causal":
            n = x.shape[1]
            causal = torch.triu(torch.full((n, n), float("-inf")), diagonal=1)
            return self.encoder(x, mask=causal)
        return self.encoder(x)


class PaddedEncoder(Encoder):
    """An encoder with a key padding mask. PyTorch's nested-tensor fast
    path would zero the padded positions, which the exported graph does
    not; the reference comes from the ordinary path the export traces."""

    def __init__(self):
        super().__init__()
        self.encoder.enable_nested_tensor = False

    def forward(self, x, padding):
        return self.encoder(x, src_key_padding_mask=padding)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(8, 2, batch_first=True)

    def forward(self, q, kv):
        self_out, _ = self.attn(q, q, q, need_weights=False)
        cross, weights = self.attn(q, kv, kv)
        return self_out, cross, weights


class KVAttention(nn.Module):
    """Attention with key and value widths of their own and a key padding
    mask."""

    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(8, 2, kdim=6, vdim=5, batch_first=True)

    def forward(self, q, k, v, padding):
        return self.attn(q, k, v, key_padding_mask=padding)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        layer = nn.TransformerDecoderLayer(8, 2, 16, dropout=0.1, batch_first=True)
        self.decoder = nn.TransformerDecoder(layer, 1)

    def forward(self, tgt, memory, padding):
        t = tgt.shape[1]
        causal = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
        return self.decoder(tgt, memory, tgt_mask=causal, memory_key_padding_mask=padding)


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.t = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
                                dim_feedforward=16, dropout=0.1, batch_first=True)

    def forward(self, src, tgt):
        mask = self.t.generate_square_subsequent_mask(tgt.shape[1])
        return self.t(src, tgt, tgt_mask=mask)


class SinusoidalEncoder(nn.Module):
    """Token embedding plus a fixed sinusoidal table, a transformer layer and
    a classifier on the first token."""

    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(20, 8)
        pe = torch.zeros(16, 8)
        pos = torch.arange(16).unsqueeze(1)
        div = torch.exp(torch.arange(0, 8, 2) * (-math.log(10000.0) / 8))
        pe[:, 0::2] = torch.sin(pos * div)
        pe[:, 1::2] = torch.cos(pos * div)
        self.register_buffer("pe", pe)
        self.layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation="gelu", batch_first=True)
        self.head = nn.Linear(8, 2)

    def forward(self, ids):
        x = self.tok(ids) * math.sqrt(8) + self.pe[: ids.shape[1]]
        return self.head(self.layer(x)[:, 0])


class GPT(nn.Module):
    """A decoder-only language model written out by hand, as minGPT and
    nanoGPT do: causal mask from a tril buffer, tied embedding and head."""

    def __init__(self, vocab=24, d=8, heads=2, layers=2, ctx=16):
        super().__init__()
        self.heads = heads
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(ctx, d)
        self.blocks = nn.ModuleList(nn.ModuleDict({
            "ln1": nn.LayerNorm(d), "qkv": nn.Linear(d, 3 * d), "proj": nn.Linear(d, d),
            "ln2": nn.LayerNorm(d), "fc": nn.Linear(d, 4 * d), "out": nn.Linear(4 * d, d),
        }) for _ in range(layers))
        self.ln = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab, bias=False)
        self.head.weight = self.tok.weight
        self.register_buffer("tril", torch.tril(torch.ones(ctx, ctx)).view(1, 1, ctx, ctx))
        self.drop = nn.Dropout(0.1)

    def attend(self, blk, x):
        b, t, c = x.size()
        q, k, v = blk["qkv"](x).split(c, dim=2)
        q, k, v = (z.view(b, t, self.heads, c // self.heads).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.tril[:, :, :t, :t] == 0, float("-inf"))
        att = self.drop(F.softmax(att, dim=-1))
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, c)
        return blk["proj"](y)

    def forward(self, ids):
        t = ids.size(1)
        x = self.tok(ids) + self.pos(torch.arange(0, t, dtype=torch.long).unsqueeze(0))
        for blk in self.blocks:
            x = x + self.attend(blk, blk["ln1"](x))
            x = x + blk["out"](F.gelu(blk["fc"](blk["ln2"](x)), approximate="tanh"))
        return self.head(self.ln(x))


class BERT(nn.Module):
    """An encoder taking ids, token types and an attention mask, with the
    additive extended mask and a tanh pooler, as BERT does."""

    def __init__(self, vocab=24, d=8, heads=2):
        super().__init__()
        self.heads = heads
        self.words = nn.Embedding(vocab, d)
        self.positions = nn.Embedding(16, d)
        self.types = nn.Embedding(2, d)
        self.ln = nn.LayerNorm(d, eps=1e-12)
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.ln1 = nn.LayerNorm(d, eps=1e-12)
        self.ff = nn.Sequential(nn.Linear(d, 16), nn.GELU(), nn.Linear(16, d))
        self.ln2 = nn.LayerNorm(d, eps=1e-12)
        self.pool = nn.Linear(d, d)

    def heads_first(self, x):
        b, t, d = x.shape
        return x.view(b, t, self.heads, d // self.heads).permute(0, 2, 1, 3)

    def forward(self, ids, types, mask):
        pos = torch.arange(ids.shape[1]).expand_as(ids)
        x = self.ln(self.words(ids) + self.positions(pos) + self.types(types))
        ext = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        q, k, v = self.heads_first(self.q(x)), self.heads_first(self.k(x)), self.heads_first(self.v(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(q.shape[-1]) + ext
        ctx = torch.matmul(scores.softmax(-1), v).permute(0, 2, 1, 3).flatten(2)
        x = self.ln1(x + self.o(ctx))
        x = self.ln2(x + self.ff(x))
        return x, torch.tanh(self.pool(x[:, 0]))


class Llama(nn.Module):
    """A LLaMA-style block: RMSNorm, rotary position embedding, causal
    attention through an additive mask, SwiGLU feed-forward."""

    def __init__(self, vocab=24, d=8, heads=2):
        super().__init__()
        self.heads = heads
        self.emb = nn.Embedding(vocab, d)
        self.wq, self.wk, self.wv, self.wo = (nn.Linear(d, d, bias=False) for _ in range(4))
        self.gate, self.up = nn.Linear(d, 16, bias=False), nn.Linear(d, 16, bias=False)
        self.down = nn.Linear(16, d, bias=False)
        self.norm1, self.norm2 = nn.Parameter(torch.rand(d) + 0.5), nn.Parameter(torch.rand(d) + 0.5)
        inv = 1.0 / (10000 ** (torch.arange(0, d // heads, 2).float() / (d // heads)))
        self.register_buffer("inv_freq", inv)

    @staticmethod
    def rms(x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * w

    @staticmethod
    def rotate_half(x):
        a, b = x.chunk(2, dim=-1)
        return torch.cat((-b, a), dim=-1)

    def forward(self, ids):
        b, t = ids.shape
        x = self.emb(ids)
        freqs = torch.outer(torch.arange(t, dtype=torch.float32), self.inv_freq)
        angles = torch.cat((freqs, freqs), dim=-1)
        cos, sin = angles.cos(), angles.sin()
        h = self.rms(x, self.norm1)
        q, k, v = (w(h).view(b, t, self.heads, -1).transpose(1, 2) for w in (self.wq, self.wk, self.wv))
        q, k = q * cos + self.rotate_half(q) * sin, k * cos + self.rotate_half(k) * sin
        mask = torch.full((t, t), float("-inf")).triu(1)
        att = torch.softmax(q @ k.transpose(2, 3) / math.sqrt(q.shape[-1]) + mask, dim=-1, dtype=torch.float32)
        x = x + self.wo((att @ v).transpose(1, 2).reshape(b, t, -1))
        h = self.rms(x, self.norm2)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


# name (ending in the opset), module factory, input makers, options: see gen_torch.py.
CASES = [
    ("transformer_op13", Encoder, [rand(5, 8)], {}),
    ("transformer_op17", lambda: Encoder(norm_first=True), [rand(5, 8)], {}),
    ("transformer_causal_op17", lambda: Encoder(mask="causal"), [rand(5, 8)], {}),
    ("transformer_padmask_op13", PaddedEncoder, [rand(5, 8), padding_mask(5)], {}),
    ("transformer_nofold_op14", Encoder, [rand(5, 8)], {"export": {"do_constant_folding": False}}),
    ("attention_op13", Attention, [rand(4, 8), rand(6, 8)], {}),
    ("sinusoidal_op14", SinusoidalEncoder, [ids(7)], {}),
    ("gpt_op14", GPT, [seq_ids], {"seq_axes": {"x0": 1, "y0": 1}}),
    ("bert_op14", BERT, [seq_ids, lambda b: torch.randint(0, 2, (b, SEQ[b])), seq_mask],
     {"seq_axes": {"x0": 1, "x1": 1, "x2": 1, "y0": 1}}),
    ("seq2seq_op14", Seq2Seq, [seq(8), rand(4, 8)], {"seq_axes": {"x0": 1}}),
    ("llama_op14", Llama, [seq_ids], {"seq_axes": {"x0": 1, "y0": 1}}),
    ("decoder_op14", Decoder, [seq(8), rand(6, 8), key_padding(6)], {"seq_axes": {"x0": 1, "y0": 1}}),
    ("attention_kv_op13", KVAttention, [rand(4, 8), rand(6, 6), rand(6, 5), key_padding(6)], {}),
    # One instance per module exported as a function: with several, the
    # exporter takes the body of whichever it meets first.
    ("transformer_functions_op15", lambda: Encoder(layers=1), [rand(5, 8)],
     {"export": {"export_modules_as_functions": {nn.TransformerEncoderLayer, nn.MultiheadAttention}}}),
]
