"""Convolutional networks and their building blocks."""
import torch
import torch.nn.functional as F
from torch import nn

from torch_cases.inputs import SEQ, rand


class CNN(nn.Module):
    def __init__(self, pool=1):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4, 6, 3, padding=1, bias=False), nn.BatchNorm2d(6), nn.ReLU(),
            nn.AdaptiveAvgPool2d(pool), nn.Flatten(), nn.Linear(6 * pool * pool, 3))

    def forward(self, x):
        return self.features(x)


class BasicBlock(nn.Module):
    """torchvision's ResNet BasicBlock."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 4, 3, 1, 1, bias=False), nn.BatchNorm2d(4), nn.ReLU(),
                                  nn.MaxPool2d(3, 2, 1))
        self.layers = nn.Sequential(BasicBlock(4, 4, 1), BasicBlock(4, 8, 2))
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        x = self.layers(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class DepthwiseSeparable(nn.Module):
    def __init__(self):
        super().__init__()
        self.dw = nn.Conv2d(4, 4, 3, padding=1, groups=4)
        self.pw = nn.Conv2d(4, 8, 1)
        self.grouped = nn.Conv2d(8, 8, 3, stride=2, groups=2, padding=(1, 0))
        self.act = nn.ReLU6()

    def forward(self, x):
        return self.grouped(self.act(self.pw(self.act(self.dw(x)))))


class Conv1d(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(3, 4, 5, padding=2)
        self.c2 = nn.Conv1d(4, 4, 3, dilation=2, padding=2)
        self.bn = nn.BatchNorm1d(4)

    def forward(self, x):
        x = F.max_pool1d(F.relu(self.c1(x)), 2)
        return F.avg_pool1d(self.bn(self.c2(x)), 2, ceil_mode=True, count_include_pad=False)


class ConvTranspose(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1)
        self.up2 = nn.ConvTranspose2d(3, 2, 2, stride=2, bias=False)
        self.dilated = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, dilation=2)
        self.grouped = nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1, groups=2)

    def forward(self, x):
        return (self.up2(torch.relu(self.up(x))), self.dilated(x[:, :3]),
                self.grouped(x, output_size=[x.shape[2] * 2, x.shape[3] * 2]))


class Upsample(nn.Module):
    def __init__(self, mode, align_corners=None):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2, mode=mode, align_corners=align_corners)

    def forward(self, x):
        return self.up(x)


class Interpolate(nn.Module):
    def forward(self, x):
        a = F.interpolate(x, size=(5, 7), mode="bilinear", align_corners=False)
        b = F.interpolate(x, scale_factor=(1.5, 0.5), mode="nearest")
        c = F.interpolate(x, size=(6, 6), mode="bicubic", align_corners=True)
        return a, b, c


class PixelShuffle(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 8, 3, padding=1)
        self.shuffle = nn.PixelShuffle(2)
        self.unshuffle = nn.PixelUnshuffle(2)

    def forward(self, x):
        y = self.shuffle(self.conv(x))
        return y, self.unshuffle(y)


class Norms(nn.Module):
    def __init__(self):
        super().__init__()
        self.inst = nn.InstanceNorm2d(4, affine=True)
        self.plain = nn.InstanceNorm1d(4)
        self.group = nn.GroupNorm(2, 4)
        self.layer = nn.LayerNorm([5, 5])

    def forward(self, x):
        return self.inst(x), self.plain(x[:, :, 0]), self.group(x), self.layer(x), F.normalize(x, dim=1)


class PReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 1)
        self.prelu = nn.PReLU(4)

    def forward(self, x):
        return self.prelu(self.conv(x))


class MobileNet(nn.Module):
    """MobileNetV2's inverted residual and MobileNetV3's squeeze-excite with
    hard activations."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 4, 3, 2, 1, bias=False), nn.BatchNorm2d(4), nn.Hardswish())
        self.expand = nn.Sequential(nn.Conv2d(4, 8, 1, bias=False), nn.BatchNorm2d(8), nn.ReLU6())
        self.dw = nn.Sequential(nn.Conv2d(8, 8, 3, 1, 1, groups=8, bias=False), nn.BatchNorm2d(8), nn.ReLU6())
        self.se = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(8, 2, 1), nn.ReLU(), nn.Conv2d(2, 8, 1),
                                nn.Hardsigmoid())
        self.project = nn.Sequential(nn.Conv2d(8, 4, 1, bias=False), nn.BatchNorm2d(4))
        self.classifier = nn.Sequential(nn.Linear(4, 6), nn.Hardswish(), nn.Dropout(0.2), nn.Linear(6, 3))

    def forward(self, x):
        x = self.stem(x)
        h = self.dw(self.expand(x))
        x = x + self.project(h * self.se(h))
        return self.classifier(x.mean([2, 3]))


class EfficientSE(nn.Module):
    """EfficientNet's squeeze-excite with SiLU and sigmoid, and a DenseNet
    concatenation."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.reduce = nn.Conv2d(4, 2, 1)
        self.expand = nn.Conv2d(2, 4, 1)
        self.dense = nn.Sequential(nn.BatchNorm2d(7), nn.ReLU(), nn.Conv2d(7, 3, 3, padding=1))

    def forward(self, x):
        h = F.silu(self.conv(x))
        s = torch.sigmoid(self.expand(F.silu(self.reduce(F.adaptive_avg_pool2d(h, 1)))))
        h = h * s
        return torch.cat([x, h, self.dense(torch.cat([x, h], 1))], 1)


class Pools(nn.Module):
    def forward(self, x):
        return (F.avg_pool2d(x, 3, 2, 1), F.avg_pool2d(x, 3, 2, 1, count_include_pad=False),
                F.avg_pool2d(x, 2, ceil_mode=True), F.max_pool2d(x, 3, 2, 1, ceil_mode=True),
                F.max_pool2d(x, 2, dilation=2), F.adaptive_max_pool2d(x, 1), F.adaptive_avg_pool2d(x, (1, 7)),
                F.lp_pool2d(x, 2, 2))


class AdaptivePools(nn.Module):
    def forward(self, x):
        return (F.adaptive_avg_pool2d(x, (7, 7)), F.adaptive_max_pool2d(x, (7, 7)),
                F.adaptive_avg_pool1d(x.flatten(2), 1))


class Conv3d(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(2, 3, 3, padding=1)
        self.bn = nn.BatchNorm3d(3)

    def forward(self, x):
        return F.avg_pool3d(F.max_pool3d(F.relu(self.bn(self.conv(x))), 2), (1, 2, 2))


class Windows(nn.Module):
    """Sliding windows and sampling: unfold (im2col), grid_sample,
    ConvTranspose1d and 1-D/3-D interpolation."""

    def __init__(self):
        super().__init__()
        self.up1d = nn.ConvTranspose1d(2, 3, 4, stride=2, padding=1)

    def forward(self, x, grid):
        return (F.unfold(x, 2, stride=2), F.grid_sample(x, grid, align_corners=False),
                self.up1d(x[:, :, 0]), F.interpolate(x[:, :, 0], scale_factor=2.0, mode="linear"),
                F.interpolate(x.unsqueeze(2), scale_factor=(1, 2, 2), mode="trilinear"))


class Assorted(nn.Module):
    """Weight norm with reflect padding, in-place index assignment (ScatterND),
    scatter, an ellipsis einsum and interpolation to a computed size."""

    def __init__(self):
        super().__init__()
        self.conv = nn.utils.weight_norm(nn.Conv2d(2, 3, 3, padding=1, padding_mode="reflect"))

    def forward(self, x):
        s = x.clone()
        s[:, 0] = 0
        hot = torch.zeros(x.shape[0], 5).scatter(1, torch.tensor([[1, 3]]).expand(x.shape[0], 2), 1.0)
        return (self.conv(x), x.flatten(1).view(-1, 2, 16), torch.einsum("...ij,...jk->...ik", x, x),
                F.interpolate(x, size=(x.shape[2] * 2, x.shape[3] * 2), mode="nearest"),
                F.interpolate(x, scale_factor=2, mode="bicubic", align_corners=False), s, hot,
                torch.cumsum(x, -1).flip(-1))


# name (ending in the opset), module factory, input makers, options: see gen_torch.py.
CASES = [
    ("cnn_op11", CNN, [rand(3, 8, 8)], {}),
    ("cnn_op13", CNN, [rand(3, 8, 8)], {}),
    ("cnn_pool2_op17", lambda: CNN(pool=2), [rand(3, 8, 8)], {}),
    ("cnn_nofold_op13", CNN, [rand(3, 8, 8)], {"export": {"do_constant_folding": False}}),
    ("resnet_op13", ResNet, [rand(3, 12, 12)], {}),
    ("depthwise_op11", DepthwiseSeparable, [rand(4, 8, 8)], {}),
    ("conv1d_op13", Conv1d, [rand(3, 16)], {}),
    ("convtranspose_op13", ConvTranspose, [rand(4, 3, 3)], {}),
    ("upsample_nearest_op11", lambda: Upsample("nearest"), [rand(2, 3, 4)], {}),
    ("upsample_nearest_op13", lambda: Upsample("nearest"), [rand(2, 3, 4)], {}),
    ("upsample_bilinear_op13", lambda: Upsample("bilinear", False), [rand(2, 3, 4)], {}),
    ("upsample_bilinear_aligned_op11", lambda: Upsample("bilinear", True), [rand(2, 3, 4)], {}),
    ("interpolate_op17", Interpolate, [rand(2, 4, 4)], {}),
    ("pixelshuffle_op13", PixelShuffle, [rand(2, 3, 3)], {}),
    ("norms_op13", Norms, [rand(4, 5, 5)], {}),
    ("norms_op17", Norms, [rand(4, 5, 5)], {}),
    ("prelu_op13", PReLU, [rand(3, 4, 4)], {}),
    ("mobilenet_op13", MobileNet, [rand(3, 8, 8)], {}),
    ("efficient_op13", EfficientSE, [rand(3, 6, 6)], {}),
    ("pools_op13", Pools, [rand(2, 7, 7)], {}),
    ("conv3d_op13", Conv3d, [rand(2, 4, 4, 4)], {}),
    ("cnn_op9", CNN, [rand(3, 8, 8)], {}),
    ("upsample_nearest_op10", lambda: Upsample("nearest"), [rand(2, 3, 4)], {}),
    ("windows_op16", Windows, [rand(2, 4, 4), lambda b: torch.rand(b, 3, 3, 2) * 2.2 - 1.1], {}),
    ("cnn_dynamic_hw_op13", CNN, [lambda b: torch.randn(b, 3, 8, 2 * SEQ[b])],
     {"batch_axes": {"x0": 0, "y0": 0}, "seq_axes": {"x0": 3}}),
    ("adaptive_pools_op13", AdaptivePools, [rand(2, 14, 14)], {}),
    ("assorted_op13", Assorted, [rand(2, 4, 4)], {}),
    # One instance of the module exported as a function: with several, the
    # exporter numbers their functions in an order that changes between runs.
    ("resnet_functions_op15", lambda: nn.Sequential(BasicBlock(3, 6, 2), nn.AdaptiveAvgPool2d(1), nn.Flatten()),
     [rand(3, 8, 8)], {"export": {"export_modules_as_functions": {BasicBlock}}}),
]
