"""Writes the PyTorch golden values that Nabla's optimizer, loss and schedule tests compare with.

A developer runs this offline, with PyTorch installed, after changing a case:

    python3 tools/golden/make_golden.py

It rewrites optimizers.json, losses.json and schedules.json in
nabla-core/src/test/resources/golden/. Tests and CI only read those files; nothing calls Python
at run time. Everything is float64, so the Java tests can compare to about 1e-10.
"""

import json
import math
import os
import warnings

import torch
import torch.nn.functional as F
from torch.optim.lr_scheduler import (CosineAnnealingLR, ExponentialLR, LinearLR, MultiStepLR, OneCycleLR,
                                      ReduceLROnPlateau, SequentialLR, StepLR)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "nabla-core", "src", "test", "resources", "golden")

torch.set_default_dtype(torch.float64)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def write(name, content):
    """Indented JSON with every list of numbers on one line, so that a diff reads by case."""
    def render(value, indent):
        pad = "  " * indent
        if isinstance(value, dict) and value:
            items = [f'{pad}  {json.dumps(k)}: {render(v, indent + 1)}' for k, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
            return "[\n" + ",\n".join(pad + "  " + render(v, indent + 1) for v in value) + "\n" + pad + "]"
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{name}: JSON has no {value}; choose finite golden values")
        return json.dumps(value)

    document = {"torch": torch.__version__, **content}
    with open(os.path.join(OUT, name), "w") as f:
        f.write(render(document, 0) + "\n")


# ---- optimizers ----

# One fixed least-squares problem: loss = sum((x @ W + b - y)^2), W [3, 4], b [4].
X = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-1.0, 0.75, 1.0],
                  [0.0, 2.0, -1.5], [1.0, -0.5, 0.5]])
Y = torch.tensor([[1.0, 0.0, -1.0, 2.0], [0.5, 1.5, 0.0, -0.5], [-1.0, 1.0, 0.5, 0.0],
                  [2.0, -0.5, 1.0, 1.0], [0.0, 0.25, -0.75, 1.5]])
W0 = torch.tensor([[0.1, -0.2, 0.3, 0.05], [-0.4, 0.25, 0.0, 0.15], [0.2, 0.1, -0.3, 0.35]])
B0 = torch.tensor([0.05, -0.1, 0.0, 0.2])
STEPS = 5


def loss_of(w, b):
    return ((X @ w + b - Y) ** 2).sum()


class LambReference(torch.optim.Optimizer):
    """PyTorch has no LAMB, so this is the rule of Nabla's Lamb Javadoc, written in torch ops:
    Adam's bias-corrected moments m̂, v̂; u = m̂/(√v̂ + ε) + λθ; θ ← θ - lr·(‖θ‖/‖u‖)·u with the
    norms over each parameter tensor, and a trust ratio of 1 when either norm is 0."""

    def __init__(self, params, lr, weight_decay, betas=(0.9, 0.999), eps=1e-6):
        super().__init__(params, dict(lr=lr, weight_decay=weight_decay, betas=betas, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state["t"], state["m"], state["v"] = 0, torch.zeros_like(p), torch.zeros_like(p)
                state["t"] += 1
                t, g = state["t"], p.grad
                state["m"] = beta1 * state["m"] + (1 - beta1) * g
                state["v"] = beta2 * state["v"] + (1 - beta2) * g * g
                m_hat = state["m"] / (1 - beta1 ** t)
                v_hat = state["v"] / (1 - beta2 ** t)
                u = m_hat / (v_hat.sqrt() + group["eps"]) + group["weight_decay"] * p
                p_norm, u_norm = p.norm().item(), u.norm().item()
                trust = p_norm / u_norm if p_norm > 0 and u_norm > 0 else 1.0
                p -= group["lr"] * trust * u


# name -> (Nabla class, hyperparameters as Nabla's constructors take them, torch factory)
OPTIMIZERS = {
    "sgd": ("SGD", dict(lr=0.01), lambda ps, h: torch.optim.SGD(ps, lr=h["lr"])),
    "sgd_momentum": ("SGD", dict(lr=0.01, momentum=0.9),
                     lambda ps, h: torch.optim.SGD(ps, lr=h["lr"], momentum=h["momentum"])),
    "sgd_momentum_dampening": ("SGD", dict(lr=0.01, momentum=0.9, dampening=0.1),
                               lambda ps, h: torch.optim.SGD(ps, lr=h["lr"], momentum=h["momentum"],
                                                             dampening=h["dampening"])),
    "sgd_nesterov": ("SGD", dict(lr=0.01, momentum=0.9, nesterov=True),
                     lambda ps, h: torch.optim.SGD(ps, lr=h["lr"], momentum=h["momentum"], nesterov=True)),
    "sgd_weight_decay": ("SGD", dict(lr=0.01, weight_decay=0.01),
                         lambda ps, h: torch.optim.SGD(ps, lr=h["lr"], weight_decay=h["weight_decay"])),
    "adagrad": ("Adagrad", dict(lr=0.1), lambda ps, h: torch.optim.Adagrad(ps, lr=h["lr"])),
    "rmsprop": ("RMSprop", dict(lr=0.01), lambda ps, h: torch.optim.RMSprop(ps, lr=h["lr"])),
    "rmsprop_momentum": ("RMSprop", dict(lr=0.01, alpha=0.99, eps=1e-8, momentum=0.9),
                         lambda ps, h: torch.optim.RMSprop(ps, lr=h["lr"], alpha=h["alpha"], eps=h["eps"],
                                                           momentum=h["momentum"])),
    "adam": ("Adam", dict(lr=0.05), lambda ps, h: torch.optim.Adam(ps, lr=h["lr"])),
    "adam_weight_decay": ("Adam", dict(lr=0.05, weight_decay=0.01),
                          lambda ps, h: torch.optim.Adam(ps, lr=h["lr"], weight_decay=h["weight_decay"])),
    "adamw": ("AdamW", dict(lr=0.05, weight_decay=0.01),
              lambda ps, h: torch.optim.AdamW(ps, lr=h["lr"], weight_decay=h["weight_decay"])),
    "lamb": ("Lamb", dict(lr=0.05, weight_decay=0.0),
             lambda ps, h: LambReference(ps, lr=h["lr"], weight_decay=h["weight_decay"])),
    "lamb_weight_decay": ("Lamb", dict(lr=0.05, weight_decay=0.01),
                          lambda ps, h: LambReference(ps, lr=h["lr"], weight_decay=h["weight_decay"])),
}


def optimizer_case(name, kind, hyper, make):
    w = W0.clone().requires_grad_(True)
    b = B0.clone().requires_grad_(True)
    opt = make([w, b], hyper)
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_of(w, b)
        loss.backward()
        opt.step()
        steps.append({"loss": loss.item(), "W": flat(w), "b": flat(b)})
    return {"name": name, "optimizer": kind, "hyper": hyper, "steps": steps}


def optimizers():
    return {
        "problem": "loss = sum((x @ W + b - y)^2); each step records the loss before it and W, b after it",
        "x": flat(X), "x_shape": list(X.shape),
        "y": flat(Y), "y_shape": list(Y.shape),
        "W": flat(W0), "W_shape": list(W0.shape),
        "b": flat(B0), "b_shape": list(B0.shape),
        "cases": [optimizer_case(n, *spec) for n, spec in OPTIMIZERS.items()],
    }


# ---- losses ----

PRED = torch.tensor([[0.3, -1.2, 2.5], [0.0, 0.8, -0.4]])
REAL = torch.tensor([[0.5, 0.3, 0.2], [0.0, -1.0, 0.1]])      # d = 0 and |d| = 0.5 hit the kinks
# Probabilities at and near 0 and 1 (the clamped logs), against hard and soft labels.
PROBS = torch.tensor([[0.0, 1.0, 1e-13, 1e-7, 1 - 1e-7, 0.5], [0.2, 0.9, 0.999, 0.01, 1.0, 0.0]])
PROB_LABELS = torch.tensor([[0.0, 0.0, 1.0, 0.3, 1.0, 0.5], [1.0, 0.0, 1.0, 0.0, 0.7, 1.0]])
# Logits of 0 (a zero-initialised last layer: the kink of relu and abs) and of +-50 (overflow).
LOGITS_BCE = torch.tensor([[0.0, 50.0, -50.0, 2.0], [-3.0, 0.5, 50.0, -50.0]])
LOGIT_LABELS = torch.tensor([[0.3, 1.0, 0.0, 1.0], [0.0, 0.5, 0.0, 1.0]])
LOGITS = torch.tensor([[1.0, 2.0, -1.0, 0.5, 0.0], [0.3, -0.2, 3.0, 1.5, -2.0],
                       [-1.0, -1.0, -1.0, -1.0, -1.0], [10.0, -10.0, 0.0, 5.0, 2.0]])
CLASSES = torch.tensor([1, 2, 4, 0])


def weights_like(t):
    """Upstream gradient for reduction "none": distinct weights catch a mixed-up element."""
    return torch.linspace(-1.0, 2.0, t.numel()).reshape(t.shape)


LOSSES = [
    ("mseLoss", {}, PRED, REAL, lambda x, y, r: F.mse_loss(x, y, reduction=r)),
    ("l1Loss", {}, PRED, REAL, lambda x, y, r: F.l1_loss(x, y, reduction=r)),
    ("huberLoss", {"delta": 1.0}, PRED, REAL, lambda x, y, r: F.huber_loss(x, y, reduction=r, delta=1.0)),
    ("huberLoss", {"delta": 0.5}, PRED, REAL, lambda x, y, r: F.huber_loss(x, y, reduction=r, delta=0.5)),
    ("binaryCrossEntropy", {}, PROBS, PROB_LABELS, lambda x, y, r: F.binary_cross_entropy(x, y, reduction=r)),
    ("binaryCrossEntropyWithLogits", {}, LOGITS_BCE, LOGIT_LABELS,
     lambda x, y, r: F.binary_cross_entropy_with_logits(x, y, reduction=r)),
    ("nllLoss", {}, F.log_softmax(LOGITS, 1), CLASSES, lambda x, y, r: F.nll_loss(x, y, reduction=r)),
    ("crossEntropy", {"label_smoothing": 0.0}, LOGITS, CLASSES,
     lambda x, y, r: F.cross_entropy(x, y, reduction=r)),
    ("crossEntropy", {"label_smoothing": 0.1}, LOGITS, CLASSES,
     lambda x, y, r: F.cross_entropy(x, y, reduction=r, label_smoothing=0.1)),
]


def loss_case(loss, options, x0, target, fn, reduction):
    x = x0.clone().requires_grad_(True)
    value = fn(x, target, reduction)
    upstream = weights_like(value) if reduction == "none" else torch.tensor(1.0)
    value.backward(upstream)
    return {"loss": loss, "options": options, "reduction": reduction,
            "input": flat(x0), "shape": list(x0.shape),
            "target": target.reshape(-1).tolist() if target.dtype == torch.int64 else flat(target),
            "upstream": flat(upstream), "value": flat(value), "grad": flat(x.grad)}


def losses():
    return {
        "note": "value of the loss and gradient w.r.t. input; for reduction none the gradient of sum(upstream * value)",
        "cases": [loss_case(*spec, r) for spec in LOSSES for r in ("mean", "sum", "none")],
    }


# ---- schedules ----

BASE_LR = 0.1
EPOCHS = 20
PLATEAU_LOSSES = [1.0, 0.9, 0.8, 0.8, 0.8, 0.8, 0.79995, 0.7, 0.7, 0.7,
                  0.71, 0.72, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]


def schedule_case(name, make):
    """The rate in effect during each epoch t = 0..19: read, step the optimizer, step the schedule.
    `make` is torch source with the optimizer as `o`; it goes into the JSON so that a reader sees
    which torch scheduler each case is."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=BASE_LR)
    scheduler = eval("lambda o: " + make)(opt)
    rates = []
    for _ in range(EPOCHS):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return {"name": name, "torch": make, "lr": rates}


def plateau_case(name, options):
    """The rate after each call of step(loss)."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=BASE_LR)
    scheduler = ReduceLROnPlateau(opt, mode="min", **options)
    rates = []
    for value in PLATEAU_LOSSES:
        opt.step()
        scheduler.step(value)
        rates.append(opt.param_groups[0]["lr"])
    return {"name": name, "options": options, "losses": PLATEAU_LOSSES, "lr": rates}


def schedules():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")    # SequentialLR passes an epoch to step(), which warns
        cases = [
            schedule_case("step", "StepLR(o, step_size=5, gamma=0.5)"),
            schedule_case("multiStep", "MultiStepLR(o, milestones=[3, 7], gamma=0.1)"),
            schedule_case("exponential", "ExponentialLR(o, gamma=0.9)"),
            schedule_case("cosine", "CosineAnnealingLR(o, T_max=10, eta_min=0.001)"),
            schedule_case("linearWarmup", "LinearLR(o, start_factor=0.1, total_iters=5)"),
            schedule_case("oneCycle", "OneCycleLR(o, max_lr=0.1, total_steps=20, pct_start=0.3, div_factor=25.0,"
                                      " final_div_factor=1e4, anneal_strategy='cos', cycle_momentum=False)"),
            schedule_case("warmupThenCosine", "SequentialLR(o, [LinearLR(o, start_factor=0.1, total_iters=5),"
                                              " CosineAnnealingLR(o, T_max=15)], milestones=[5])"),
        ]
    return {
        "base_lr": BASE_LR,
        "cases": cases,
        "plateau": [
            plateau_case("plateau", dict(factor=0.5, patience=2)),
            plateau_case("plateauCooldownMinLr",
                         dict(factor=0.5, patience=1, threshold=0.01, cooldown=2, min_lr=0.02)),
        ],
    }


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write("optimizers.json", optimizers())
    write("losses.json", losses())
    write("schedules.json", schedules())
