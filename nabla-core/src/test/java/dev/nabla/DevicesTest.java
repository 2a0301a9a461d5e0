package dev.nabla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Crossing devices, with the test stand-in device {@link FakeDevice#DEVICE}. */
class DevicesTest {
    @Test
    void anOpAcrossDevicesNamesBothDevices() {
        Tensor there = Tensor.ones(2).to(FakeDevice.DEVICE);
        Tensor here = Tensor.ones(2);
        assertThat(there.device()).isEqualTo(FakeDevice.DEVICE);
        assertThatThrownBy(() -> there.add(here)).hasMessageContaining("add").hasMessageContaining("cuda:7")
                .hasMessageContaining("cpu").hasMessageContaining(".to(device)");
        assertThatThrownBy(() -> here.matmul(there)).hasMessageContaining("matmul").hasMessageContaining("cuda:7");
        assertThatThrownBy(() -> Tensor.cat(List.of(here, there), 0)).hasMessageContaining("cat");
        assertThatThrownBy(() -> Tensor.where(here.gt(0), here, there)).hasMessageContaining("where");
    }

    @Test
    void opsOnOneDeviceStayThereAndGradientsComeBack() {
        Tensor x = Tensor.randn(new Generator(1), 3, 4).to(DType.FLOAT64).requiresGrad(true);
        Tensor y = x.to(FakeDevice.DEVICE).tanh().matmul(Tensor.ones(DType.FLOAT64, 4, 2).to(FakeDevice.DEVICE));
        assertThat(y.device()).isEqualTo(FakeDevice.DEVICE);
        y.sum().backward();
        assertThat(x.grad().device()).isEqualTo(Device.CPU);
        assertThat(x.grad().allClose(x.tanh().pow(2).neg().add(1).mul(2), 1e-12, 1e-12)).isTrue();
    }

    @Test
    void devicesAreNamedAsInPyTorch() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse("cuda")).isEqualTo(Device.cuda(0));
        assertThat(Device.parse(" CUDA:3 ")).isEqualTo(Device.cuda(3));
        assertThat(Device.parse(Device.cuda(2).toString())).isEqualTo(Device.cuda(2));
        assertThatThrownBy(() -> Device.parse("gpu")).hasMessageContaining("'gpu'").hasMessageContaining("cuda:N");
        assertThatThrownBy(() -> Device.parse("cuda:-1")).hasMessageContaining("expected cpu, cuda or cuda:N");
    }
}
