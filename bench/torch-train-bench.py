#!/usr/bin/env python3
"""Training-step throughput of a BERT-shaped encoder in PyTorch, as the yardstick for the
TypeScript trainer. ../shared/bench/torch_reference_bench.py with a --device option (cuda: model and batch
on the GPU, synchronized around the timer); bench/train-speed.mjs runs it. Same shapes, same adapter wiring (seq_bn / Pfeiffer after the FFN), same
loss (classification head on the CLS state), AdamW on the trainable parameters only.

Setup (Debian): apt-get install -y python3-torch libopenblas0-pthread
Run:            /usr/bin/python3 torch-train-bench.py --mode seq_bn --layers 4 --hidden 256 [--device cuda]
Prints one JSON line: {"mode", "layers", "hidden", "batch", "seq", "step_ms", "examples_per_s", "threads", "device"}.
Compare with the project's own benchmark on the same shapes in the same run (a ratio, not a time),
both under the same environment: OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE slow OpenBLAS ~2x here, so a
comparison unsets both for BOTH commands (env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ...), never in tests.
"""
import argparse, json, math, time
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--mode", choices=["full", "seq_bn", "lora", "head_only"], default="seq_bn")
p.add_argument("--layers", type=int, default=4)
p.add_argument("--hidden", type=int, default=256)
p.add_argument("--heads", type=int, default=0, help="default hidden/64")
p.add_argument("--vocab", type=int, default=30522)
p.add_argument("--batch", type=int, default=16)
p.add_argument("--seq", type=int, default=128)
p.add_argument("--steps", type=int, default=5)
p.add_argument("--threads", type=int, default=0)
p.add_argument("--device", default="cpu", help="cpu, cuda, or auto (cuda when available)")
a = p.parse_args()
device = torch.device("cuda" if a.device == "auto" and torch.cuda.is_available() else ("cpu" if a.device == "auto" else a.device))


def sync():
    if device.type == "cuda":
        torch.cuda.synchronize()


if a.threads:
    torch.set_num_threads(a.threads)
H, L, B, T = a.hidden, a.layers, a.batch, a.seq
NH = a.heads or max(1, H // 64)
D = H // NH
I = 4 * H
torch.manual_seed(0)


class Lora(nn.Module):
    def __init__(self, base, r=8, alpha=8):
        super().__init__()
        self.base, self.scale = base, alpha / r
        self.A = nn.Parameter(torch.randn(r, base.in_features) * 0.02)
        self.B = nn.Parameter(torch.zeros(base.out_features, r))

    def forward(self, x):
        return self.base(x) + (x @ self.A.t() @ self.B.t()) * self.scale


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(H, H) for _ in range(4))
        if a.mode == "lora":
            self.q, self.v = Lora(self.q), Lora(self.v)
        self.ln1, self.ln2 = nn.LayerNorm(H, eps=1e-12), nn.LayerNorm(H, eps=1e-12)
        self.inter, self.out = nn.Linear(H, I), nn.Linear(I, H)
        self.down, self.up = nn.Linear(H, H // 16), nn.Linear(H // 16, H)

    def forward(self, x, mask):
        split = lambda y: y.view(B, T, NH, D).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(D) + mask, -1)
        ctx = (att @ v).transpose(1, 2).reshape(B, T, H)
        x = self.ln1(self.o(ctx) + x)
        h = self.out(F.gelu(self.inter(x)))
        if a.mode == "seq_bn":  # y = LN(h + f(LN(h + r)) + r)
            h = h + self.up(F.relu(self.down(self.ln2(h + x))))
        return self.ln2(h + x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.word, self.pos, self.typ = nn.Embedding(a.vocab, H), nn.Embedding(512, H), nn.Embedding(2, H)
        self.ln = nn.LayerNorm(H, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(L))
        self.head = nn.Sequential(nn.Linear(H, H), nn.Tanh(), nn.Linear(H, 2))

    def forward(self, ids, mask):
        x = self.ln(self.word(ids) + self.pos.weight[:T] + self.typ.weight[0])
        m = (1.0 - mask[:, None, None, :]) * -10000.0
        for layer in self.layers:
            x = layer(x, m)
        return self.head(x[:, 0])


model = Model().to(device)
for name, param in model.named_parameters():
    trainable = {
        "full": True,
        "seq_bn": ".down." in name or ".up." in name or name.startswith("head"),
        "lora": name.endswith(".A") or name.endswith(".B") or name.startswith("head"),
        "head_only": name.startswith("head"),
    }[a.mode]
    param.requires_grad_(trainable)
opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
ids = torch.randint(0, a.vocab, (B, T), device=device)
mask = torch.ones(B, T, device=device)
labels = torch.randint(0, 2, (B,), device=device)


def step():
    opt.zero_grad()
    loss = F.cross_entropy(model(ids, mask), labels)
    loss.backward()
    opt.step()


step()
sync()
t0 = time.perf_counter()
for _ in range(a.steps):
    step()
sync()
dt = (time.perf_counter() - t0) / a.steps
print(json.dumps({"mode": a.mode, "layers": L, "hidden": H, "batch": B, "seq": T,
                  "step_ms": round(dt * 1000, 1), "examples_per_s": round(B / dt, 2),
                  "threads": torch.get_num_threads(), "device": str(device),
                  **({"gpu": torch.cuda.get_device_name(device)} if device.type == "cuda" else {})}))
