"""Getting started with Dropout Lens: the examples of the walkthrough.

Dropout Lens を使ってみる: ウォークスルーの例です。

Select a tensor (or put the cursor in it) and press Ctrl+Shift+Alt+D, or right-click >
"Apply Dropout to Selection". Hover a dropout call to have it explained.
テンソルを選択して (またはカーソルを中に置いて) Ctrl+Shift+Alt+D を押すか、右クリック >
「選択範囲にドロップアウトを適用」。ドロップアウトの呼び出しにマウスを重ねると説明が出ます。
"""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        # 1. Hover p=0.2: kept values are scaled by 1/(1-p) = 1.25, and the number of zeros varies.
        #    p=0.2 にマウスを重ねる: 残った値は 1/(1-p) = 1.25 倍され、ゼロの数は毎回変わります。
        self.drop = nn.Dropout(p=0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(x)

    def example(self) -> torch.Tensor:
        # 2. Apply dropout to this tensor: p comes from self.drop. The panel's Monte-Carlo shows
        #    that p = 0.2 does not zero exactly 20% of the elements.
        #    このテンソルにドロップアウトを適用: p は self.drop から。パネルのモンテカルロで、
        #    p = 0.2 でもちょうど 20% がゼロになるわけではないことが分かります。
        x = torch.tensor([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
        return self(x)


# 3. A seed and a 2-D tensor: the panel shows the mask that print(drop(t)) prints here.
#    シードと 2 次元のテンソル: パネルには、ここで print(drop(t)) が表示するのと同じマスクが出ます。
torch.manual_seed(0)
drop = nn.Dropout(p=0.2)
t = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(drop(t))

# 4. inplace=True overwrites the input itself: tick "inplace" in the panel to see it.
#    inplace=True は入力そのものを書き換えます: パネルの「inplace」にチェックを入れてみてください。
drop_inplace = nn.Dropout(p=0.2, inplace=True)
u = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0])
drop_inplace(u)

# 5. An int64 tensor fails as in PyTorch:
#    RuntimeError: result type Float can't be cast to the desired output type Long
#    int64 のテンソルは PyTorch と同じエラーになります。
v = torch.tensor([1, 2, 3])
print(nn.Dropout(p=0.2)(v))


# 6. Dropout written by hand: bernoulli_(1 - p) is the draw nn.Dropout makes on the CPU, so after
#    the same torch.manual_seed it zeroes the same elements.
#    手書きのドロップアウト: bernoulli_(1 - p) は CPU の nn.Dropout と同じ乱数の引き方なので、
#    同じ torch.manual_seed の後では同じ要素がゼロになります。
class CustomDropout(nn.Module):
    def __init__(self, p: float = 0.2) -> None:
        super().__init__()
        self.p = p

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return x
        mask = torch.empty_like(x).bernoulli_(1 - self.p)
        return x * mask / (1 - self.p)


def percent_by_mistake() -> nn.Module:
    # 7. A percentage where PyTorch wants a probability: PyTorch's ValueError, and a quick fix
    #    (Ctrl+.) that writes p=0.2.
    #    確率の代わりにパーセント: PyTorch の ValueError と、p=0.2 に直すクイック フィックス (Ctrl+.)。
    return nn.Dropout(p=20)
