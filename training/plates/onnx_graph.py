"""An ONNX graph run by PyTorch, so a published ONNX model can be fine-tuned and written back as the same graph.

fast-plate-ocr publishes its reader as ONNX only. `OnnxGraph` interprets the graph node by node with torch operations
(the 22 operator types that model uses), with every float weight of the graph as a trainable parameter. After training,
`save_onnx` writes the original graph with the new weights: same operators, names, inputs and outputs, so the product
loads the fine-tuned file exactly as it loads the original.
"""

import math

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from torch import nn

_TORCH_TYPES = {1: torch.float32, 6: torch.int32, 7: torch.int64, 2: torch.uint8, 9: torch.bool}


def _attributes(node) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _param_name(name: str) -> str:
    return "w" + "".join(c if c.isalnum() else "_" for c in name)


class OnnxGraph(nn.Module):
    def __init__(self, path: str, frozen: tuple = ()):
        """Float initializers with more than one element become parameters, except those named in `frozen` (fixed
        kernels such as a blur, which were never trained). Everything else stays a constant."""
        super().__init__()
        self.model = onnx.load(path)
        self.graph = self.model.graph
        self.params = nn.ParameterDict()
        self.constants = {}
        self.param_keys = {}
        for init in self.graph.initializer:
            array = numpy_helper.to_array(init)
            if array.dtype == np.float32 and array.size > 1 and init.name not in frozen:
                key = _param_name(init.name)
                self.params[key] = nn.Parameter(torch.from_numpy(array.copy()))
                self.param_keys[init.name] = key
            else:
                self.constants[init.name] = torch.from_numpy(array.copy())
        self.input_name = self.graph.input[0].name
        self.output_name = self.graph.output[0].name

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        values = dict(self.constants)
        for name, key in self.param_keys.items():
            values[name] = self.params[key]
        values[self.input_name] = x
        for node in self.graph.node:
            inputs = [values[i] if i else None for i in node.input]
            outputs = _run(node.op_type, inputs, _attributes(node))
            for name, value in zip(node.output, outputs):
                values[name] = value
        return values[self.output_name]

    def save_onnx(self, path: str, producer: str) -> None:
        """The original graph with the trained weights."""
        model = onnx.ModelProto()
        model.CopyFrom(self.model)
        for init in model.graph.initializer:
            key = self.param_keys.get(init.name)
            if key is not None:
                init.CopyFrom(numpy_helper.from_array(self.params[key].detach().cpu().numpy().astype(np.float32), init.name))
        model.producer_name = producer
        onnx.checker.check_model(model)
        onnx.save(model, path)


def _ints(t) -> list:
    return [int(v) for v in t.reshape(-1).tolist()]


def _conv(x, w, b, a):
    pads = a.get("pads", [0, 0, 0, 0])
    if any(pads):  # ONNX pads are [top, left, bottom, right]; F.pad wants [left, right, top, bottom]
        x = F.pad(x, (pads[1], pads[3], pads[0], pads[2]))
    return F.conv2d(x, w, b, stride=a.get("strides", [1, 1]), dilation=a.get("dilations", [1, 1]), groups=a.get("group", 1))


def _max_pool(x, a):
    pads = a.get("pads", [0, 0, 0, 0])
    if any(pads):
        x = F.pad(x, (pads[1], pads[3], pads[0], pads[2]), value=-math.inf)
    if list(a["kernel_shape"]) == [2, 2] and list(a.get("strides", [2, 2])) == [1, 1]:
        # torch's stride-1 max pool is ~100x slower on CPU than the maximum of four shifted views
        top = torch.maximum(x[..., :-1, :-1], x[..., :-1, 1:])
        return torch.maximum(top, torch.maximum(x[..., 1:, :-1], x[..., 1:, 1:]))
    return F.max_pool2d(x, a["kernel_shape"], stride=a.get("strides", a["kernel_shape"]))


def _reshape(x, shape):
    dims = _ints(shape)
    dims = [x.shape[i] if d == 0 else d for i, d in enumerate(dims)]
    return x.reshape(dims)


def _slice(x, starts, ends, axes=None, steps=None):
    starts, ends = _ints(starts), _ints(ends)
    axes = _ints(axes) if axes is not None else list(range(len(starts)))
    steps = _ints(steps) if steps is not None else [1] * len(starts)
    index = [slice(None)] * x.dim()
    for s, e, ax, st in zip(starts, ends, axes, steps):
        size = x.shape[ax]
        s = max(0, min(size, s + size if s < 0 else s))
        e = max(0, min(size, e + size if e < 0 else e))
        index[ax] = slice(s, e, st)
    return x[tuple(index)]


def _squeeze(x, axes=None):
    if axes is None:
        return x.squeeze()
    for ax in sorted((a % x.dim() for a in _ints(axes)), reverse=True):
        x = x.squeeze(ax)
    return x


def _unsqueeze(x, axes):
    rank = x.dim() + len(_ints(axes))
    for ax in sorted(a % rank for a in _ints(axes)):
        x = x.unsqueeze(ax)
    return x


def _gemm(a, b, attrs):
    a = a.t() if attrs.get("transA", 0) else a
    b = b.t() if attrs.get("transB", 0) else b
    return attrs.get("alpha", 1.0) * (a @ b)


def _run(op: str, i: list, a: dict) -> list:
    if op == "Cast":
        return [i[0].to(_TORCH_TYPES[a["to"]])]
    if op == "Mul":
        return [i[0] * i[1]]
    if op == "Add":
        return [i[0] + i[1]]
    if op == "Transpose":
        return [i[0].permute(*a["perm"])]
    if op == "Conv":
        return [_conv(i[0], i[1], i[2] if len(i) > 2 else None, a)]
    if op == "MaxPool":
        return [_max_pool(i[0], a)]
    if op == "Relu":
        return [torch.relu(i[0])]
    if op == "Erf":
        return [torch.erf(i[0])]
    if op == "Tanh":
        return [torch.tanh(i[0])]
    if op == "Softmax":
        return [torch.softmax(i[0], dim=a.get("axis", -1))]
    if op == "MatMul":
        return [i[0] @ i[1]]
    if op == "Gemm":
        assert a.get("beta", 1.0) == 0.0 or len(i) < 3, "Gemm with a bias term is not used by the plate reader"
        return [_gemm(i[0], i[1], a)]
    if op == "Reshape":
        return [_reshape(i[0], i[1])]
    if op == "Shape":
        return [torch.tensor(list(i[0].shape), dtype=torch.int64)]
    if op == "Slice":
        return [_slice(*i)]
    if op == "Concat":
        return [torch.cat(i, dim=a["axis"])]
    if op == "Expand":
        shape = torch.broadcast_shapes(tuple(i[0].shape), tuple(_ints(i[1])))
        return [i[0].expand(shape)]
    if op == "Unsqueeze":
        return [_unsqueeze(i[0], i[1])]
    if op == "Squeeze":
        return [_squeeze(i[0], i[1] if len(i) > 1 else None)]
    if op == "Gather":
        return [torch.index_select(i[0], a.get("axis", 0), i[1].reshape(-1).long()).reshape(
            list(i[0].shape[:a.get("axis", 0)]) + list(i[1].shape) + list(i[0].shape[a.get("axis", 0) + 1:]))]
    if op == "ReduceProd":
        axes = a.get("axes")
        x = i[0]
        if axes is None:
            out = torch.prod(x)
            return [out.reshape([1] * x.dim()) if a.get("keepdims", 1) else out]
        for ax in sorted(axes, reverse=True):
            x = torch.prod(x, dim=ax, keepdim=bool(a.get("keepdims", 1)))
        return [x]
    if op == "Tile":
        return [i[0].repeat(*_ints(i[1]))]
    raise NotImplementedError(f"ONNX operator {op}")
