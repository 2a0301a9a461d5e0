"""Writes the PyTorch golden values that Nabla's convolution and pooling tests compare with.

A developer runs this offline, with PyTorch installed (Debian's python3-torch will do):

    /usr/bin/python3 tools/golden/make_conv_golden.py

It rewrites nabla-core/src/test/resources/golden/conv.json: for each case the inputs, the
output, and the gradients of sum(output * g) for a fixed upstream gradient g. Everything is
float64, so the Java tests can compare to about 1e-10.
"""

import torch
import torch.nn.functional as F

from make_golden import flat, write

torch.manual_seed(4)


def case(name, op, x_shape, params, w_shape=None, bias=False):
    x = torch.randn(*x_shape, requires_grad=True)
    w = torch.randn(*w_shape, requires_grad=True) if w_shape else None
    b = torch.randn(w_shape[0], requires_grad=True) if bias else None
    if op == "conv1d":
        out = F.conv1d(x, w, b, **params)
    elif op == "conv2d":
        out = F.conv2d(x, w, b, **params)
    elif op == "maxPool1d":
        out = F.max_pool1d(x, **params)
    elif op == "maxPool2d":
        out = F.max_pool2d(x, **params)
    elif op == "avgPool2d":
        out = F.avg_pool2d(x, **params)
    elif op == "adaptiveAvgPool2d":
        out = F.adaptive_avg_pool2d(x, **params)
    else:
        raise ValueError(op)
    g = torch.randn(*out.shape)
    (out * g).sum().backward()
    # JSON keeps padding numeric; PyTorch's padding="same" is written as a flag beside it.
    same = params.get("padding") == "same"
    written = {**params, "padding": 0 if op == "conv1d" else [0, 0], "same": True} if same else params
    result = {"name": name, "op": op, "params": written, "x": {"shape": list(x_shape), "values": flat(x)}}
    if w is not None:
        result["w"] = {"shape": list(w_shape), "values": flat(w)}
    if b is not None:
        result["b"] = flat(b)
    result.update({"out": {"shape": list(out.shape), "values": flat(out)}, "g": flat(g), "dx": flat(x.grad)})
    if w is not None:
        result["dw"] = flat(w.grad)
    if b is not None:
        result["db"] = flat(b.grad)
    return result


def conv_params(stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1):
    return {"stride": list(stride), "padding": padding if isinstance(padding, str) else list(padding),
            "dilation": list(dilation), "groups": groups}


def conv1d_params(stride=1, padding=0, dilation=1, groups=1):
    return {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}


def cases():
    return [
        case("conv2d plain 3x3", "conv2d", (2, 3, 6, 5), conv_params(), (4, 3, 3, 3), bias=True),
        case("conv2d stride 2 padding 1", "conv2d", (2, 2, 7, 7), conv_params((2, 2), (1, 1)), (3, 2, 3, 3), True),
        case("conv2d uneven stride, padding, kernel", "conv2d", (1, 3, 8, 6),
             conv_params((2, 1), (2, 0)), (2, 3, 4, 2), True),
        case("conv2d dilation 2", "conv2d", (2, 2, 9, 8), conv_params((1, 2), (1, 2), (2, 2)), (3, 2, 3, 3), True),
        case("conv2d groups 2", "conv2d", (2, 4, 5, 5), conv_params((1, 1), (1, 1), groups=2), (6, 2, 3, 3), True),
        case("conv2d depthwise, stride 2, dilation 3", "conv2d", (1, 3, 10, 9),
             conv_params((2, 2), (2, 1), (3, 2), 3), (3, 1, 3, 2), False),
        case("conv2d 1x1 many filters", "conv2d", (3, 5, 4, 4), conv_params(), (16, 5, 1, 1), True),
        case("conv2d same, even kernel", "conv2d", (2, 2, 6, 7), conv_params(padding="same"), (3, 2, 4, 2), True),
        case("conv2d same, dilation 2", "conv2d", (1, 2, 7, 7), conv_params(padding="same", dilation=(2, 1)),
             (2, 2, 3, 4), True),
        case("conv1d plain", "conv1d", (2, 3, 10), conv1d_params(), (4, 3, 3), True),
        case("conv1d stride, padding, dilation, groups", "conv1d", (2, 4, 13),
             conv1d_params(2, 2, 2, 2), (6, 2, 3), True),
        case("conv1d same, even kernel", "conv1d", (1, 2, 9), conv1d_params(padding="same"), (3, 2, 4), False),
        case("maxPool2d 2x2", "maxPool2d", (2, 3, 6, 6), {"kernel_size": [2, 2], "stride": [2, 2]}),
        case("maxPool2d 3x3 stride 2 padding 1", "maxPool2d", (1, 2, 7, 8),
             {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1]}),
        case("maxPool2d overlapping, dilation 2", "maxPool2d", (2, 2, 9, 9),
             {"kernel_size": [3, 2], "stride": [1, 2], "padding": [1, 1], "dilation": [2, 2]}),
        case("maxPool1d 3 stride 2 padding 1", "maxPool1d", (2, 3, 11),
             {"kernel_size": 3, "stride": 2, "padding": 1}),
        case("avgPool2d 2x2", "avgPool2d", (2, 3, 6, 6), {"kernel_size": [2, 2], "stride": [2, 2]}),
        case("avgPool2d 3x3 stride 2 padding 1", "avgPool2d", (1, 2, 7, 8),
             {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1]}),
        case("adaptiveAvgPool2d uneven 7x5 to 3x2", "adaptiveAvgPool2d", (2, 2, 7, 5), {"output_size": [3, 2]}),
        case("adaptiveAvgPool2d global", "adaptiveAvgPool2d", (2, 3, 4, 6), {"output_size": [1, 1]}),
    ]


if __name__ == "__main__":
    write("conv.json", {"cases": cases()})
