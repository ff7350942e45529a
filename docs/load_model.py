"""Load a FunctionalNet model directory with json + numpy only (optionally into PyTorch) and predict.

Usage: /usr/bin/python3 docs/load_model.py MODEL_DIR x1 x2 ...   (one raw, unscaled feature row)
"""
import json
import math
import struct
import sys

import numpy as np

DTYPES = {"F32": np.float32, "F64": np.float64}


def read_safetensors(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])  # 8-byte little-endian header length
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]  # relative to the first byte after the header
        tensors[name] = np.frombuffer(data[begin:end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
    return tensors, metadata


ACTIVATIONS = {
    "identity": lambda z: z,
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    "gelu": lambda z: z * 0.5 * np.vectorize(math.erfc)(-z / math.sqrt(2)),
    "silu": lambda z: z / (1 + np.exp(-z)),
    "softplus": lambda z: np.where(z > 20, z, np.logaddexp(0, z)),
    "softmax": lambda z: np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
}


def activation(name):
    if name.startswith("elu"):
        alpha = float(name[4:-1]) if "(" in name else 1.0
        return lambda z: np.where(z > 0, z, alpha * (np.exp(z) - 1))
    if name.startswith("leaky-relu"):
        alpha = float(name[11:-1]) if "(" in name else 0.01
        return lambda z: np.where(z > 0, z, alpha * z)
    return ACTIVATIONS[name]


def predict(model_dir, x):
    card = json.load(open(f"{model_dir}/model.json"))
    weights, _ = read_safetensors(f"{model_dir}/{card['weights']}")
    scaler = card["preprocessing"]["scaler"]
    a = np.atleast_2d(np.asarray(x, dtype=np.float64))
    if scaler is not None:
        a = (a - np.array(scaler["offset"])) / np.array(scaler["scale"])
    for k, layer in enumerate(card["architecture"]["layers"]):
        w, b = weights[f"layers.{k}.weight"], weights[f"layers.{k}.bias"]  # nn.Linear layout: [out, in], [out]
        a = activation(layer["activation"])(a @ w.T.astype(np.float64) + b)
    classes = card["preprocessing"]["classes"]
    return [classes[i] for i in (a.argmax(axis=1) if a.shape[1] > 1 else (a[:, 0] >= 0.5).astype(int))], a


def to_torch(model_dir):
    """The same network as torch.nn.Linear layers (state_dict keys match the safetensors names)."""
    import torch
    card = json.load(open(f"{model_dir}/model.json"))
    weights, _ = read_safetensors(f"{model_dir}/{card['weights']}")
    fan_in, layers = card["architecture"]["inputs"], torch.nn.ModuleList()
    for layer in card["architecture"]["layers"]:
        layers.append(torch.nn.Linear(fan_in, layer["units"], dtype=torch.float64))
        fan_in = layer["units"]
    layers.load_state_dict({f"{k}": torch.from_numpy(v.astype(np.float64)) for k, v in
                            ((name.removeprefix("layers."), w) for name, w in weights.items())})
    return layers


if __name__ == "__main__":
    labels, outputs = predict(sys.argv[1], [float(v) for v in sys.argv[2:]])
    print(labels[0], outputs[0].tolist())
