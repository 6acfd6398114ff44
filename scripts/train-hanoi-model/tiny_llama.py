"""A llama-architecture transformer small enough to train on 2 CPU cores, written so that its
weights load into llama.cpp unchanged: RMSNorm, rotary embeddings on adjacent pairs (llama.cpp's
"normal" rope for the llama architecture, so no q/k permutation at export), SwiGLU, no biases.

Tokens are bytes: ids 0-2 are <unk>, <s>, </s>; 3 + b is byte b; SPACE_ID is a space. That is the
vocabulary export_gguf.py writes as a SentencePiece-style ("llama") tokenizer with byte fallback,
so llama.cpp's own tokenizer produces the same ids.
"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

UNK, BOS, EOS = 0, 1, 2
SPACE_ID = 3 + 256
VOCAB = SPACE_ID + 1


def encode(text):
    return [SPACE_ID if ch == " " else 3 + b for ch in text for b in ch.encode("utf-8")]


def decode(ids):
    out = bytearray()
    for i in ids:
        if i == SPACE_ID:
            out += b" "
        elif 3 <= i < 3 + 256:
            out.append(i - 3)
    return out.decode("utf-8", errors="replace")


class Config:
    def __init__(self, dim=128, layers=4, heads=4, ffn=352, ctx=256, eps=1e-5, rope_base=10000.0):
        self.dim, self.layers, self.heads, self.ffn, self.ctx, self.eps, self.rope_base = dim, layers, heads, ffn, ctx, eps, rope_base

    def as_dict(self):
        return dict(vars(self))


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(cfg):
    hd = cfg.dim // cfg.heads
    inv = 1.0 / (cfg.rope_base ** (torch.arange(0, hd, 2).float() / hd))
    ang = torch.outer(torch.arange(cfg.ctx).float(), inv)
    return torch.cos(ang), torch.sin(ang)


def apply_rope(x, cos, sin):
    # x: (B, H, T, hd); rotate pairs (x[2i], x[2i+1]) as llama.cpp's LLAMA_ROPE_TYPE_NORM does.
    t = x.shape[2]
    x2 = x.view(*x.shape[:-1], -1, 2)
    a, b = x2[..., 0], x2[..., 1]
    c, s = cos[:t], sin[:t]
    return torch.stack((a * c - b * s, a * s + b * c), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg.dim
        self.heads = cfg.heads
        self.attn_norm = RMSNorm(d, cfg.eps)
        self.wq, self.wk, self.wv, self.wo = (nn.Linear(d, d, bias=False) for _ in range(4))
        self.ffn_norm = RMSNorm(d, cfg.eps)
        self.w1 = nn.Linear(d, cfg.ffn, bias=False)  # gate
        self.w3 = nn.Linear(d, cfg.ffn, bias=False)  # up
        self.w2 = nn.Linear(cfg.ffn, d, bias=False)  # down

    def forward(self, x, cos, sin):
        b, t, d = x.shape
        h = self.attn_norm(x)
        q, k, v = (w(h).view(b, t, self.heads, -1).transpose(1, 2) for w in (self.wq, self.wk, self.wv))
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
        att = att.masked_fill(mask, float("-inf")).softmax(-1)
        x = x + self.wo((att @ v).transpose(1, 2).reshape(b, t, d))
        h = self.ffn_norm(x)
        return x + self.w2(F.silu(self.w1(h)) * self.w3(h))


class TinyLlama(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(VOCAB, cfg.dim)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.norm = RMSNorm(cfg.dim, cfg.eps)
        self.out = nn.Linear(cfg.dim, VOCAB, bias=False)
        cos, sin = rope_tables(cfg)
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)

    def forward(self, ids):
        x = self.embed(ids)
        for blk in self.blocks:
            x = blk(x, self.cos, self.sin)
        return self.out(self.norm(x))

    @torch.no_grad()
    def greedy(self, prompt_ids, max_new=120):
        ids = list(prompt_ids)
        for _ in range(max_new):
            nxt = int(self(torch.tensor([ids[-self.cfg.ctx:]]))[0, -1].argmax())
            if nxt == EOS:
                break
            ids.append(nxt)
        return ids[len(prompt_ids):]
