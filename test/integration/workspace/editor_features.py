import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.2)

    def forward(self, x):
        return self.drop(x)

    def example(self):
        return torch.tensor([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])


def functional():
    x = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    return F.dropout(x, 0.3, True)


def channels():
    return F.dropout2d(torch.ones(1, 3, 2, 2), rate, training=self.training)


multi = F.alpha_dropout(
    torch.ones(2, 3),
    p=0.1,
)
eval_mode = F.dropout(torch.ones(2, 2), p=0.5, training=False)
in_place = nn.Dropout(0.5, inplace=True)
broken = torch.tensor([[1.0, 2.0], [3.0, 4.0, 5.0]])
typo = torch.tensor([1.0, 2.0 3.0])
