"""Known answers for ActivationKnownAnswerTests, LossKnownAnswerTests and ErrorFunctionTests, from PyTorch (float64)
and, where PyTorch's formula cancels, mpmath.

Run with /usr/bin/python3 (Debian's python3-torch, 1.13); the tests quote its output.
"""
import torch

torch.set_printoptions(precision=17)
f64 = torch.float64


def show(label, values):
    print(label, ", ".join(repr(float(v)) for v in values))


def derivatives(f, xs):
    x = torch.tensor(xs, dtype=f64, requires_grad=True)
    y = f(x)
    (d1,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    (d2,) = torch.autograd.grad(d1.sum(), x)
    return y.detach(), d1.detach(), d2


erf_x = [0.0, 1e-10, 0.1, 0.46875, 0.5, 1.0, 2.0, 3.9, 4.0, 4.1, 5.0, 6.0, -0.3, -2.5]
show("erf", torch.special.erf(torch.tensor(erf_x, dtype=f64)))
erfc_x = [0.1, 0.46875, 0.5, 1.0, 2.0, 4.0, 5.0, 10.0, 20.0, 26.0, 27.0, -1.0, -3.0, -6.0]
show("erfc", torch.special.erfc(torch.tensor(erfc_x, dtype=f64)))

act_x = [-30.0, -10.0, -5.0, -3.0, -1.0, -0.5, 0.0, 1e-3, 0.5, 1.0, 3.0, 5.0, 10.0]
for name, f in [("gelu", torch.nn.GELU()), ("silu", torch.nn.SiLU())]:
    y, d1, d2 = derivatives(f, act_x)
    show(name, y); show(name + "'", d1); show(name + "''", d2)
soft_x = [-800.0, -40.0, -5.0, -1.0, 0.0, 1e-3, 1.0, 5.0, 19.5, 20.0, 20.5, 30.0, 1000.0]
y, d1, d2 = derivatives(torch.nn.Softplus(), soft_x)
show("softplus", y); show("softplus'", d1); show("softplus''", d2)

# Where PyTorch's float64 formula cancels (1 + erf in gelu's left tail, 1 − σ in silu″ and softplus″), the exact value
# from mpmath (Debian python3-mpmath) at 50 digits.
import mpmath
mpmath.mp.dps = 50
exact = {"gelu": lambda x: x * mpmath.ncdf(x), "silu": lambda x: x / (1 + mpmath.exp(-x)),
         "softplus": lambda x: mpmath.log(1 + mpmath.exp(x))}
for name, order, points in [("gelu", 0, [-30, -10, -5]), ("gelu", 1, [-30, -10, -5]), ("silu", 2, [5, 10]),
                            ("softplus", 2, [5, 19.5])]:
    show(f"mpmath {name} d{order}", [mpmath.diff(exact[name], mpmath.mpf(x), order) for x in points])

a = torch.tensor([[0.3, -1.2], [2.5, 0.7], [-0.4, 4.0]], dtype=f64, requires_grad=True)
y = torch.tensor([[0.3, 0.1], [0.5, 0.2], [1.0, 1.5]], dtype=f64)  # residuals 0, −1.3, 2, 0.5, −1.4, 2.5
for label, loss in [("huber(1)", torch.nn.HuberLoss(reduction="sum", delta=1.0)),
                    ("huber(0.5)", torch.nn.HuberLoss(reduction="sum", delta=0.5)),
                    ("mae", torch.nn.L1Loss(reduction="sum")),
                    ("poisson", torch.nn.PoissonNLLLoss(log_input=True, full=False, reduction="sum"))]:
    value = loss(a, y)
    (grad,) = torch.autograd.grad(value, a)
    show(label + " sum", [value]); show(label + " grad", grad.flatten())
    mean = type(loss)(**({"delta": loss.delta} if label.startswith("huber") else {"log_input": True} if label == "poisson" else {}))
    show(label + " mean", [mean(a, y)])
