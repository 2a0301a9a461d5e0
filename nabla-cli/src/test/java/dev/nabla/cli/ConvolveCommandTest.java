package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvolveCommandTest {
    private static final int SIDE = 32;
    /** The white square covers pixels 8..23 in both directions. */
    private static final int LO = 8;
    private static final int HI = 23;

    private static Path square(Path dir, String name, int type, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(SIDE, SIDE, type);
        for (int y = LO; y <= HI; y++) {
            for (int x = LO; x <= HI; x++) {
                if (type == BufferedImage.TYPE_BYTE_GRAY) {
                    img.getRaster().setSample(x, y, 0, rgb & 0xff); // setRGB would apply the sRGB curve
                } else {
                    img.setRGB(x, y, rgb);
                }
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static ImageFiles.Planes convolve(Path dir, String filter, Path in) {
        Path out = dir.resolve(filter + "-" + in.getFileName());
        String[] r = ImageCommandRunner.run(new ConvolveCommand(), "--filter", filter, in.toString(), out.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains(filter + " of " + in);
        return ImageFiles.read(out);
    }

    private static float at(ImageFiles.Planes p, int c, int y, int x) {
        return p.values()[(c * p.height() + y) * p.width() + x];
    }

    private static double mean(ImageFiles.Planes p) {
        double sum = 0;
        for (float v : p.values()) {
            sum += v;
        }
        return sum / p.values().length;
    }

    @Test
    void boxBlurKeepsTheSquaresMeanAndSoftensItsEdge(@TempDir Path dir) throws Exception {
        Path in = square(dir, "gray.png", BufferedImage.TYPE_BYTE_GRAY, 0xffffff);
        ImageFiles.Planes blurred = convolve(dir, "box-blur", in);
        assertThat(blurred.channels()).isEqualTo(1);
        assertThat(mean(blurred)).isCloseTo(mean(ImageFiles.read(in)), org.assertj.core.data.Offset.offset(0.5));
        assertThat(at(blurred, 0, 16, 16)).isEqualTo(255);
        // On the edge six of the nine neighbours are white, just outside three.
        assertThat(at(blurred, 0, 16, LO)).isEqualTo(170);
        assertThat(at(blurred, 0, 16, LO - 1)).isEqualTo(85);
        assertThat(at(blurred, 0, 16, LO - 2)).isEqualTo(0);
    }

    @Test
    void edgeDetectorIsZeroOnFlatRegionsAndBrightOnTheBorder(@TempDir Path dir) throws Exception {
        ImageFiles.Planes edges = convolve(dir, "edge", square(dir, "gray.png", BufferedImage.TYPE_BYTE_GRAY, 0xffffff));
        assertThat(at(edges, 0, 16, 16)).isZero();
        assertThat(at(edges, 0, 0, 0)).as("no false edge at the picture's frame").isZero();
        assertThat(at(edges, 0, 31, 31)).isZero();
        assertThat(at(edges, 0, 16, LO)).isEqualTo(255);
        assertThat(at(edges, 0, 16, LO - 1)).isEqualTo(255);
        assertThat(at(edges, 0, HI, 16)).isEqualTo(255);

        ImageFiles.Planes laplacian = convolve(dir, "laplacian",
                square(dir, "gray2.png", BufferedImage.TYPE_BYTE_GRAY, 0x404040));
        assertThat(at(laplacian, 0, 16, 16)).as("flat is mid-gray").isEqualTo(128);
        assertThat(at(laplacian, 0, 16, LO)).as("inside the edge: 128 - 64").isEqualTo(64);
        assertThat(at(laplacian, 0, 16, LO - 1)).as("outside the edge: 128 + 64").isEqualTo(192);
    }

    @Test
    void sharpenOfAConstantImageIsTheSameConstant(@TempDir Path dir) throws Exception {
        BufferedImage flat = new BufferedImage(10, 7, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 10; x++) {
                flat.setRGB(x, y, 0x1e78c8);
            }
        }
        Path in = dir.resolve("flat.png");
        ImageIO.write(flat, "png", in.toFile());
        ImageFiles.Planes sharp = convolve(dir, "sharpen", in);
        assertThat(sharp.channels()).isEqualTo(3);
        assertThat(sharp.values()).isEqualTo(ImageFiles.read(in).values());
    }

    @Test
    void colourChannelsAreFilteredIndependently(@TempDir Path dir) throws Exception {
        ImageFiles.Planes red = convolve(dir, "gaussian-blur", square(dir, "red.png", BufferedImage.TYPE_INT_RGB, 0xff0000));
        assertThat(red.channels()).isEqualTo(3);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                assertThat(at(red, 1, y, x) + at(red, 2, y, x)).as("green and blue at %d,%d", x, y).isZero();
            }
        }
        assertThat(at(red, 0, 16, 16)).isEqualTo(255);
        // The corner of the square: 4 of 16 weight-units of the 3x3 Gaussian fall on red.
        assertThat(at(red, 0, LO - 1, LO - 1)).isEqualTo(16);
        assertThat(at(red, 0, 16, LO)).isEqualTo(191);
    }

    @Test
    void anUnknownFilterAMissingInputOrAnUnwritableOutputIsOneLineNamingIt(@TempDir Path dir) throws Exception {
        Path in = square(dir, "gray.png", BufferedImage.TYPE_BYTE_GRAY, 0xffffff);
        String[] bad = ImageCommandRunner.run(new ConvolveCommand(), "--filter", "blur", in.toString(),
                dir.resolve("o.png").toString());
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2].lines()).singleElement().asString().contains("--filter blur")
                .contains("edge, laplacian, sharpen, box-blur, gaussian-blur").doesNotContain("Exception");

        String[] missing = ImageCommandRunner.run(new ConvolveCommand(), "--filter", "edge",
                dir.resolve("nope.png").toString(), dir.resolve("o.png").toString());
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[2].lines()).singleElement().asString().contains("nope.png: no such image file");

        String[] noFolder = ImageCommandRunner.run(new ConvolveCommand(), "--filter", "edge", in.toString(),
                dir.resolve("no/such/folder/o.png").toString());
        assertThat(noFolder[0]).isEqualTo("2");
        assertThat(noFolder[2].lines()).singleElement().asString().contains("o.png: cannot write the image");

        String[] badType = ImageCommandRunner.run(new ConvolveCommand(), "--filter", "edge", in.toString(),
                dir.resolve("o.xyz").toString());
        assertThat(badType[0]).isEqualTo("2");
        assertThat(badType[2].lines()).singleElement().asString().contains("o.xyz: cannot write images of type 'xyz'")
                .contains("png");
    }

    @Test
    void theOutputFormatFollowsTheExtension(@TempDir Path dir) throws Exception {
        Path in = square(dir, "gray.png", BufferedImage.TYPE_BYTE_GRAY, 0xffffff);
        Path jpg = dir.resolve("out.jpg");
        String[] r = ImageCommandRunner.run(new ConvolveCommand(), "--filter", "gaussian-blur", in.toString(), jpg.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        byte[] bytes = java.nio.file.Files.readAllBytes(jpg);
        assertThat(new int[] {bytes[0] & 0xff, bytes[1] & 0xff}).as("JPEG's start-of-image marker").containsExactly(0xff, 0xd8);
        assertThat(ImageFiles.read(jpg).channels()).isEqualTo(1);
    }
}
