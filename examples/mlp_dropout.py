"""nn.Dropout inside a module, in training mode and in eval mode."""
import torch
import torch.nn as nn


class MLP(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.Linear(4, 8)
        self.dropout = nn.Dropout(p=0.25)
        self.out = nn.Linear(8, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.dropout(torch.relu(self.hidden(x))))


torch.manual_seed(42)
drop = nn.Dropout(0.3)
t = torch.tensor([0.5, -1.25, 2.0, 3.5, -0.75, 1.0])
print(drop(t))

drop.eval()
print(drop(t))  # eval mode: unchanged

model = MLP()
print(model(torch.tensor([[1.0, 2.0, 3.0, 4.0]])))
