import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
layer = nn.Dropout(p=0.5)
y = F.dropout(x, p=0.25, training=True)
print(layer(x), y)
