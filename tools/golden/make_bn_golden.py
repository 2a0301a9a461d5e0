"""Writes the PyTorch golden values that Nabla's BatchNorm1d and BatchNorm2d tests compare with.

A developer runs this offline, with PyTorch installed, after changing a case:

    python3 tools/golden/make_bn_golden.py

It rewrites batchnorm.json in nabla-core/src/test/resources/golden/. Each case builds a layer,
sets its weight and bias to fixed non-trivial values, runs two forward passes in training mode
(the second followed by backward with a fixed upstream gradient), then one in evaluation mode.
Everything is float64, so the Java test can compare to about 1e-10.
"""

import torch

from make_golden import flat, write

torch.set_default_dtype(torch.float64)


def tensor_entries(name, t):
    return {name: flat(t), name + "_shape": list(t.shape)}


def case(name, layer, shape):
    """Inputs drawn with an offset and a scale per channel, so the running statistics move visibly."""
    channels = shape[1]
    spread = [1] * len(shape)
    spread[1] = channels
    offset = torch.linspace(-1.0, 2.0, channels).reshape(spread)
    scale = torch.linspace(0.5, 3.0, channels).reshape(spread)
    x1, x2, x3 = (torch.randn(shape) * scale + offset for _ in range(3))
    upstream = torch.randn(shape)
    with torch.no_grad():
        layer.weight.copy_(torch.randn(channels) * 0.5 + 1.0)
        layer.bias.copy_(torch.randn(channels) * 0.5)
    weight0, bias0 = layer.weight.detach().clone(), layer.bias.detach().clone()

    layer.train()
    out1 = layer(x1)
    x2 = x2.requires_grad_(True)
    out2 = layer(x2)
    out2.backward(upstream)
    layer.eval()
    with torch.no_grad():
        eval_out = layer(x3)
    return {
        "name": name,
        "layer": type(layer).__name__,
        "num_features": layer.num_features,
        "eps": layer.eps,
        "momentum": layer.momentum,
        "state_dict_keys": list(layer.state_dict().keys()),
        **tensor_entries("x1", x1), **tensor_entries("x2", x2.detach()), **tensor_entries("x3", x3),
        "weight0": flat(weight0), "bias0": flat(bias0), "upstream": flat(upstream),
        "out1": flat(out1), "out2": flat(out2),
        "running_mean": flat(layer.running_mean), "running_var": flat(layer.running_var),
        "num_batches_tracked": int(layer.num_batches_tracked),
        "grad_x": flat(x2.grad), "grad_weight": flat(layer.weight.grad), "grad_bias": flat(layer.bias.grad),
        "eval_out": flat(eval_out),
    }


def batchnorm():
    torch.manual_seed(0)
    return {"cases": [
        case("batchNorm1dFeatures", torch.nn.BatchNorm1d(4), [6, 4]),
        case("batchNorm1dSequences", torch.nn.BatchNorm1d(3), [4, 3, 5]),
        case("batchNorm2dImages", torch.nn.BatchNorm2d(3), [4, 3, 3, 5]),
        case("batchNorm2dOtherEpsAndMomentum", torch.nn.BatchNorm2d(2, eps=1e-3, momentum=0.25), [2, 2, 4, 3]),
    ]}


if __name__ == "__main__":
    write("batchnorm.json", batchnorm())
