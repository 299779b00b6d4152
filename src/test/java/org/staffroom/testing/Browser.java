package org.staffroom.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's chromedriver (nothing
 * is downloaded). Each page it is asked to {@link #check} is scanned by axe-core,
 * injected into the page, and any serious or critical violation is kept for the test to
 * fail on; the page's console is read for Content-Security-Policy violations; and a
 * screenshot can be saved for the README.
 */
public final class Browser implements AutoCloseable {

	// Every run takes the screenshots (each page is looked at), but only a run asked to
	// refresh the README's pictures (-Dstaffroom.screenshots=docs) writes them into
	// docs/; others keep the tree clean.
	private static final Path SCREENSHOTS = "docs".equals(System.getProperty("staffroom.screenshots"))
			? Path.of("docs", "screenshots") : Path.of("target", "screenshots");

	private static final String AXE = axeScript();

	private final ChromeDriver driver;

	private final Path profile;

	private String base;

	private final List<String> problems = new ArrayList<>();

	public Browser(String base) {
		this.base = base;
		DebianChromium.ensureInstalled();
		try {
			this.profile = Files.createTempDirectory("staffroom-chromium");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + this.profile, "--window-size=1280,1000");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
	}

	public WebDriver driver() {
		return this.driver;
	}

	/** Opens a path of the service, or a full address. */
	public Browser open(String pathOrUrl) {
		this.driver.get(pathOrUrl.startsWith("http") ? pathOrUrl : this.base + pathOrUrl);
		return this;
	}

	public String path() {
		String url = this.driver.getCurrentUrl();
		return url.startsWith(this.base) ? url.substring(this.base.length()) : url;
	}

	public WebElement find(By by) {
		return this.driver.findElement(by);
	}

	public List<WebElement> all(By by) {
		return this.driver.findElements(by);
	}

	public WebElement id(String id) {
		return this.driver.findElement(By.id(id));
	}

	/** Clears a text field and types into it. */
	public Browser type(String id, String text) {
		WebElement field = id(id);
		field.clear();
		field.sendKeys(text);
		return this;
	}

	public Browser choose(String selectId, String visibleText) {
		new Select(id(selectId)).selectByVisibleText(visibleText);
		return this;
	}

	/**
	 * Clicks the button or link whose text is exactly this (ignoring surrounding space),
	 * and waits for the next page to have loaded.
	 */
	public Browser press(String text) {
		WebElement button = button(text);
		markPage();
		button.click();
		awaitNewPage();
		return this;
	}

	/**
	 * Follows a link (or presses a button) already found, and waits for the next page.
	 */
	public Browser follow(WebElement element) {
		markPage();
		element.click();
		awaitNewPage();
		return this;
	}

	/**
	 * Clicks a button that changes the page in place (htmx), without waiting for a new
	 * page.
	 */
	public Browser pressInPlace(String text) {
		button(text).click();
		return this;
	}

	/**
	 * Marks the page shown now, so that {@link #awaitNewPage} can tell when it has gone.
	 * A mark on the window, not a stale element: Chromium 156 answers a question about a
	 * node of a page that has gone with an "unhandled inspector error" that Selenium's
	 * staleness check does not expect.
	 */
	public void markPage() {
		script("window.__staffroomOldPage = true;");
	}

	/**
	 * Marks the element with this id, so that {@link #replaced} can tell when htmx has
	 * swapped it.
	 */
	public void markElement(String id) {
		script("const e = document.getElementById(arguments[0]); if (e) { e.dataset.staffroomOld = 'true'; }", id);
	}

	/**
	 * Whether the element marked by {@link #markElement} has been replaced within the
	 * time given.
	 */
	public boolean replaced(String id, Duration within) {
		WebDriverWait wait = new WebDriverWait(this.driver, within);
		wait.ignoring(org.openqa.selenium.WebDriverException.class);
		try {
			wait.until((d) -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
					"const e = document.getElementById(arguments[0]); return e !== null && e.dataset.staffroomOld !== 'true';",
					id)));
			return true;
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			return false;
		}
	}

	/**
	 * Waits until the page marked by {@link #markPage} has been replaced by a new one,
	 * fully loaded.
	 */
	public void awaitNewPage() {
		WebDriverWait wait = new WebDriverWait(this.driver, Duration.ofSeconds(30));
		wait.ignoring(org.openqa.selenium.WebDriverException.class);
		wait.until((d) -> Boolean.TRUE.equals(((JavascriptExecutor) d)
			.executeScript("return window.__staffroomOldPage !== true && document.readyState === 'complete';")));
	}

	private WebElement button(String text) {
		List<WebElement> found = this.driver.findElements(
				By.xpath("//button[normalize-space(.)='" + text + "'] | //a[normalize-space(.)='" + text + "']"));
		return found.stream()
			.filter((e) -> e.isDisplayed() && !"true".equals(e.getAttribute("aria-hidden")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No button or link \"" + text + "\" on " + path()));
	}

	/** The visible text of the main content. */
	public String text() {
		return this.driver.findElement(By.tagName("main")).getText();
	}

	public String title() {
		return this.driver.getTitle();
	}

	public Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	/**
	 * Scans the page as it is now with axe-core (serious and critical violations are
	 * kept), reads the console for Content-Security-Policy violations, and saves a
	 * screenshot when a name is given.
	 */
	public Browser check(String screenshot) {
		String page = title() + " (" + path() + ")";
		((JavascriptExecutor) this.driver).executeScript(AXE);
		Object result = ((JavascriptExecutor) this.driver).executeAsyncScript(
				"""
						const done = arguments[arguments.length - 1];
						axe.run(document, { resultTypes: ['violations'] })
						  .then((r) => done(JSON.stringify(r.violations)))
						  .catch((e) => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }])));""");
		JsonNode violations = JsonMapper.builder().build().readTree(String.valueOf(result));
		for (JsonNode v : violations) {
			String impact = v.path("impact").asString("");
			if (impact.equals("serious") || impact.equals("critical")) {
				List<String> targets = new ArrayList<>();
				v.path("nodes")
					.forEach((n) -> targets.add(n.path("target").toString() + " " + n.path("html").asString("")));
				this.problems.add(page + ": axe " + impact + " " + v.path("id").asString() + ": "
						+ v.path("help").asString() + " at " + targets);
			}
		}
		String url = this.driver.getCurrentUrl();
		for (LogEntry entry : this.driver.manage().logs().get(LogType.BROWSER)) {
			String message = entry.getMessage();
			if (message.startsWith(url + " - Failed to load resource")) {
				// The page itself answered with its status (a 404 page, say): that is no
				// fault of the page.
				continue;
			}
			if (message.contains("Content Security Policy") || message.contains("Content-Security-Policy")
					|| (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !message.contains("favicon"))) {
				this.problems.add(page + ": console " + message);
			}
		}
		if (screenshot != null) {
			screenshot(screenshot);
		}
		return this;
	}

	/**
	 * Saves a PNG of the whole page under target/screenshots/ (docs/screenshots/ when
	 * asked).
	 */
	public void screenshot(String name) {
		Dimension before = this.driver.manage().window().getSize();
		script("if (document.activeElement) { document.activeElement.blur(); } window.scrollTo(0, 0);");
		Number height = (Number) script(
				"return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
		this.driver.manage()
			.window()
			.setSize(new Dimension(1280, Math.min(Math.max(height.intValue() + 120, 700), 4000)));
		try {
			Files.createDirectories(SCREENSHOTS);
			Files.write(SCREENSHOTS.resolve(name + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.driver.manage().window().setSize(before);
		}
	}

	/** Every problem the checks found so far; the list is emptied. */
	public List<String> problems() {
		List<String> found = List.copyOf(this.problems);
		this.problems.clear();
		return found;
	}

	/** Forgets the session: a different person can sign in. */
	public void forget() {
		this.driver.manage().deleteAllCookies();
	}

	public Map<String, Object> capabilities() {
		return this.driver.getCapabilities().asMap();
	}

	@Override
	public void close() {
		this.driver.quit();
		try (var files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary profile left behind is harmless.
		}
	}

	private static String axeScript() {
		String version;
		try (InputStream pom = Browser.class
			.getResourceAsStream("/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
			java.util.Properties properties = new java.util.Properties();
			if (pom != null) {
				properties.load(pom);
			}
			version = properties.getProperty("version", "4.6.3");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try (InputStream in = Browser.class
			.getResourceAsStream("/META-INF/resources/webjars/axe-core/" + version + "/axe.min.js")) {
			if (in == null) {
				throw new IllegalStateException(
						"axe-core is missing from the test classpath (org.webjars.npm:axe-core)");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
