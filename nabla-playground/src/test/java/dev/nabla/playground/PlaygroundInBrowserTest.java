package dev.nabla.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.Nabla;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in Debian's headless Chromium, driven by Selenium as a student would use it: pick the
 * spiral, press play, watch the test loss fall, then change a control. Skipped when Chromium or
 * its driver is missing, unless NABLA_REQUIRE_BROWSER=1 (CI sets it), where that fails.
 */
class PlaygroundInBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** The page's screenshot after training, for a look (docs/playground.png is taken from it). */
    static final Path SCREENSHOT = Path.of("target", "playground.png");

    private PlaygroundServer server;
    private WebDriver driver;

    @BeforeAll
    static void needsChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && "1".equals(System.getenv("NABLA_REQUIRE_BROWSER"))) {
            fail("NABLA_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + DRIVER + " is missing: apt-get install chromium"
                    + " chromium-driver");
        }
        assumeTrue(present, "no " + CHROMIUM + " and " + DRIVER + " (apt-get install chromium chromium-driver): the"
                + " browser test is skipped");
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags Chromium keeps dialling out and floods refused connections.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1360,1100", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        // A driver given by path: Selenium Manager never runs, so nothing is downloaded.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    @Test
    void spiralIsLearnedByTwoReluLayersAndAControlTakesEffect(@TempDir Path profile) throws Exception {
        Nabla.setNumThreads(1);
        server = PlaygroundServer.start(PlaygroundServer.Options.defaults().withAddress("127.0.0.1", 0));
        driver = chromium(profile);
        // The settings come in the address, as in a shared link: two hidden ReLU layers of 8, Adam at 0.003,
        // 70% of the points to train on. (From seeds 1-6 such a net gets below 0.1 within 100-700 epochs
        // and stays there; at 0.01 it may dip below only for a moment, between two frames.)
        driver.get(server.uri() + "#activation=relu&networkShape=8,8&optimizer=adam&learningRate=0.003"
                + "&percTrainData=70&seed=4");
        var wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> !d.findElements(By.id("dataset-spiral")).isEmpty() && !text("loss-test").equals("–"));
        assertThat(driver.findElements(By.cssSelector(".node.neuron"))).hasSize(16);
        assertThat(driver.findElement(By.id("activation")).getDomAttribute("value")).isNull();   // a select: by property
        assertThat(driver.findElement(By.id("activation")).getDomProperty("value")).isEqualTo("relu");

        driver.findElement(By.id("dataset-spiral")).click();
        wait.until(d -> d.findElement(By.id("dataset-spiral")).getDomAttribute("class").contains("selected"));
        assertThat(driver.getCurrentUrl()).contains("dataset=spiral");
        driver.findElement(By.id("play-pause-button")).click();

        long start = System.nanoTime();
        var learning = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(200));
        try {
            learning.until(d -> {
                String shown = text("loss-test");
                return !shown.equals("–") && !shown.equals("NaN") && Double.parseDouble(shown) < 0.1;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
            throw new AssertionError("the test loss shown is still " + text("loss-test") + " at epoch "
                    + text("epoch-number") + " after 60 s (the page is in " + SCREENSHOT + "); message: "
                    + text("message") + "; console: " + driver.manage().logs().get(LogType.BROWSER).getAll(), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double loss = Double.parseDouble(text("loss-test"));
        String epoch = text("epoch-number");
        driver.findElement(By.id("play-pause-button")).click();
        wait.until(d -> d.findElement(By.id("play-pause-button")).getDomAttribute("aria-label").equals("play"));
        System.out.printf(Locale.ROOT, "playground in Chromium: test loss %.3f < 0.1 after %.1f s of play, epoch %s%n",
                loss, seconds, epoch);
        assertThat(loss).isLessThan(0.1);

        byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        assertThat(png.length).as("a screenshot of the whole page").isGreaterThan(20_000);

        // A control takes effect: one hidden layer fewer restarts the server's network with one layer.
        driver.findElement(By.id("remove-layers")).click();
        wait.until(d -> d.findElements(By.cssSelector(".node.neuron")).size() == 8 && text("num-layers").equals("1")
                && text("epoch-number").equals("000,000"));
        assertThat(driver.getCurrentUrl()).endsWith("networkShape=8");
        // 2 inputs × 8 neurons + 8 × 1 output: the links the server's weights were drawn on.
        wait.until(d -> d.findElements(By.cssSelector("#network path.link[data-weight]")).size() == 24);

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("errors in the page's console").isEmpty();
    }
}
