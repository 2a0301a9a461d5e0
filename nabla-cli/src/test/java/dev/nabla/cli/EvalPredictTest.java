package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.data.EmbeddedDigits;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalPredictTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Nabla.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void aSavedModelIsEvaluatedAndClassifiesDigitPictures(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("mlp.safetensors");
        String[] train = run("train", "--epochs", "3", "--layers", "64", "--save", ckpt.toString());
        assertThat(train[0]).as(train[2]).isEqualTo("0");
        String lastAccuracy = train[1].lines().filter(l -> l.startsWith("epoch   3")).findFirst().orElseThrow()
                .replaceAll(".*test acc +([0-9.]+)%.*", "$1");

        String[] eval = run("eval", "--checkpoint", ckpt.toString());
        assertThat(eval[0]).as(eval[2]).isEqualTo("0");
        assertThat(eval[1]).contains("after epoch 3").contains("2000 test examples").contains("accuracy " + lastAccuracy + "%");

        // Ten test digits as 56x56 PNGs, black on white like a drawing: predict scales and inverts them.
        var test = EmbeddedDigits.test();
        float[] pixels = test.images().narrow(0, 0, 10).toFloatArray();
        int[] labels = test.labels().narrow(0, 0, 10).toIntArray();
        List<String> args = new ArrayList<>(List.of("predict", "--checkpoint", ckpt.toString()));
        for (int i = 0; i < 10; i++) {
            BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 56; y++) {
                for (int x = 0; x < 56; x++) {
                    int v = Math.round(255 * pixels[i * 784 + (y / 2) * 28 + x / 2]);
                    img.getRaster().setSample(x, y, 0, 255 - v);
                }
            }
            Path png = dir.resolve("digit" + i + ".png");
            ImageIO.write(img, "png", png.toFile());
            args.add(png.toString());
        }
        String[] predict = run(args.toArray(String[]::new));
        assertThat(predict[0]).as(predict[2]).isEqualTo("0");
        List<String> lines = predict[1].lines().toList();
        assertThat(lines).hasSize(10);
        int correct = 0;
        for (int i = 0; i < 10; i++) {
            assertThat(lines.get(i)).contains("digit" + i + ".png: class ").contains(" 9:");
            if (lines.get(i).contains(": class " + labels[i] + " ")) {
                correct++;
            }
        }
        assertThat(correct).as(predict[1]).isGreaterThanOrEqualTo(8);
    }

    @Test
    void aFileThatIsNotACheckpointOrNotAnImageIsNamed(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.safetensors");
        Files.writeString(junk, "not a checkpoint at all");
        String[] eval = run("eval", "--checkpoint", junk.toString());
        assertThat(eval[0]).isEqualTo("2");
        assertThat(eval[2]).contains("junk.safetensors").doesNotContain("Exception");

        Path ckpt = dir.resolve("m.safetensors");
        run("train", "--epochs", "1", "--layers", "8", "--save", ckpt.toString());
        Path notImage = dir.resolve("note.png");
        Files.writeString(notImage, "hello");
        String[] predict = run("predict", "--checkpoint", ckpt.toString(), notImage.toString());
        assertThat(predict[0]).isEqualTo("2");
        assertThat(predict[2]).contains("note.png");
    }

    @Test
    void labelsOutsideTheModelsClassesAreNamed(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("m.safetensors");
        run("train", "--epochs", "1", "--layers", "8", "--save", ckpt.toString());
        Path idx = Files.createDirectory(dir.resolve("idx"));
        for (String split : List.of("train", "t10k")) {
            java.io.ByteArrayOutputStream images = new java.io.ByteArrayOutputStream();
            var out = new java.io.DataOutputStream(images);
            out.writeInt(0x803);
            out.writeInt(2);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[2 * 784]);
            Files.write(idx.resolve(split + "-images-idx3-ubyte"), images.toByteArray());
            Files.write(idx.resolve(split + "-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 3, 12});
        }
        String[] eval = run("eval", "--checkpoint", ckpt.toString(), "--data", idx.toString());
        assertThat(eval[0]).isEqualTo("2");
        assertThat(eval[2].strip()).contains("class 12").contains("10 classes").doesNotContain("\n");
    }
}
