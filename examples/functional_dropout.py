"""F.dropout on a tensor literal: the same seed gives the same mask every run."""
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.tensor([[1.0, 2.0, 3.0, 4.0],
                  [5.0, 6.0, 7.0, 8.0]])
y = F.dropout(x, p=0.5, training=True)
print(y)

# Kept values are scaled by 1 / (1 - p); with training=False dropout is the identity.
z = F.dropout(torch.ones(3, 3), p=0.2)
print(z)
print(F.dropout(x, p=0.5, training=False))
