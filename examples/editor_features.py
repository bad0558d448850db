"""Dropout Lens in the editor: hovers, running dropout on a tensor, quick fixes."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 3)
        # Hover p=0.2: the scale 1/(1-p) worked out, and how many zeros to expect.
        self.drop = nn.Dropout(p=0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.drop(x))

    def example(self) -> torch.Tensor:
        # Select the tensor (or put the cursor in it), then right-click > "Apply Dropout
        # to Selection" or press Ctrl+Shift+Alt+D: p and the variant come from self.drop.
        x = torch.tensor([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
        return self(x)


# A percentage where PyTorch wants a probability: an error, with a quick fix (Ctrl+.).
head = nn.Dropout(p=30)

# The functional alpha variants default to training=False: hover alpha_dropout to see.
y = F.alpha_dropout(torch.ones(2, 3), p=0.1)
