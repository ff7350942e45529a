# Writes the safetensors fixture used by SafetensorsTests.A_file_written_from_torch_loads_and_predicts_like_torch.
# Run with /usr/bin/python3 (torch 1.13, numpy; the safetensors package is not installed, so the file is built
# by hand exactly as the spec says, with the header's keys in sorted order and __metadata__ last, and no padding).
import base64, json, struct
import numpy as np
import torch

torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Sigmoid(), torch.nn.Linear(3, 1), torch.nn.Sigmoid())
tensors = {f"layers.{k}.{n}": p.detach().numpy().astype(np.float32)
           for k, layer in enumerate([net[0], net[2]]) for n, p in layer.named_parameters()}
header, blobs, offset = {}, [], 0
for name in sorted(tensors):
    raw = tensors[name].tobytes()  # C order, little-endian on x86
    header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
header["__metadata__"] = {"format": "pt"}
text = json.dumps(header).encode()
blob = struct.pack("<Q", len(text)) + text + b"".join(blobs)
print(base64.b64encode(blob).decode())
x = torch.tensor([[0.5, -1.0], [2.0, 0.25]])
print(net(x).detach().numpy().ravel().tolist())
