package com.widgetify.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's incident report ({@code java -jar conntrack-agent.jar report}, written by the demo at its end)
 * rendered in headless Chromium and checked from the rendered page: the chart has the run's samples,
 * the first failed acquisition is marked after the first warning and at the first 503, the leaking line
 * is named, nothing is fetched, and it renders within a second. The screenshot it takes is the README's
 * ({@code -Dwidgetify.updateScreenshot=true} copies it to docs/images).
 */
class IncidentReportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 880;
    static final long MAX_PNG_BYTES = 150 * 1024;

    private static DemoResult run;
    private static String story;
    private static int leakLine;
    private static String html;
    private static Path workDir;

    @BeforeAll
    static void runTheDemo() throws Exception {
        HeadlessChromium.require(); // before the demo: skipped without a browser
        leakLine = SourceMarkers.lineOf("com/widgetify/widgets/WidgetReportHandler.java", "// LEAK:");
        DemoRunOnce demo = DemoRunOnce.withAgent();
        run = demo.result;
        story = demo.story;
        assertNotNull(run.reportPage, "the demo wrote no report:\n" + story);
        html = Files.readString(run.reportPage);
        workDir = run.reportPage.getParent();
    }

    @Test
    void theDemoWritesThePageAndTheDraftOwnerOnlyAndSaysWhere() throws Exception {
        assertTrue(story.contains("  page:  " + run.reportPage.toUri()), story);
        assertTrue(story.contains("  draft: " + run.reportDraft), story);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run.reportPage)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run.reportDraft)));
        String md = Files.readString(run.reportDraft);
        assertTrue(md.startsWith("# Postmortem: Pool 'widgetify' ran out of connections on "), md);
        for (String section : List.of("## Summary", "## Timeline (UTC)", "## Root cause", "## Resolution", "## Prevention")) {
            assertTrue(md.contains("\n" + section + "\n"), section);
        }
        assertTrue(md.contains("`com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:" + leakLine + ")`"), md);
        assertTrue(md.contains("`ConnTrackPoolExhaustionForecast`") && md.contains("`conntrack-junit`"), md);
    }

    @Test
    void theFileAsksForNothingOutsideItself() {
        Matcher url = Pattern.compile("(?i)\\b(?:https?|ftp|wss?|file|data|blob|javascript):|//[a-z0-9.-]+\\.[a-z]{2,}/").matcher(html);
        assertFalse(url.find(), "a URL in the file: " + (url.find(0) ? html.substring(Math.max(0, url.start() - 60), url.end() + 20) : ""));
        assertFalse(Pattern.compile("(?i)<[^>]+\\ssrc\\s*=").matcher(html).find(), "nothing loaded by src");
        Matcher href = Pattern.compile("(?i)\\shref\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (href.find()) {
            assertTrue(href.group(1).startsWith("#"), "links stay on the page: " + href.group(1));
        }
        assertFalse(Pattern.compile("(?i)url\\(|@import|<link|<iframe|<object|<embed").matcher(html).find(), "no style or frame from outside");
        assertTrue(html.contains("content=\"default-src 'none';"), "and a policy that forbids any request");
    }

    @Test
    void chromiumRendersTheIncidentWithinASecondAndFetchesNothing() throws Exception {
        Path shot = workDir.resolve("incident-report.png");
        try (HeadlessChromium browser = HeadlessChromium.start(workDir, workDir.resolve("chromium.log"))) {
            String page = browser.newPage();
            browser.call(page, "Network.enable", null);
            browser.call(page, "Page.enable", null);
            browser.call(page, "Emulation.setDeviceMetricsOverride", HeadlessChromium.params().put("width", WIDTH).put("height", HEIGHT)
                    .put("deviceScaleFactor", 1).put("mobile", false));
            String url = run.reportPage.toUri().toString();
            browser.call(page, "Page.navigate", HeadlessChromium.params().put("url", url));
            browser.await(page, "Page.loadEventFired", 30);

            JsonNode timing = JSON.readTree(browser.eval(page,
                    "JSON.stringify(performance.getEntriesByType('navigation')[0].toJSON())").asText());
            double loaded = timing.get("loadEventEnd").asDouble();
            System.out.printf("[IncidentReportIT] load event at %.0f ms, DOM content loaded at %.0f ms, %d bytes%n", loaded,
                    timing.get("domContentLoadedEventEnd").asDouble(), html.length());
            assertTrue(loaded > 0 && loaded < 1000, "rendered (load event over) " + loaded + " ms after navigation started: " + timing);

            List<String> requested = new ArrayList<>();
            for (JsonNode e : browser.events(page, "Network.requestWillBeSent")) {
                requested.add(e.get("request").get("url").asText());
            }
            assertEquals(List.of(url), requested, "the page itself, nothing else");
            checkChart(browser, page);
            checkCulprits(browser, page);

            JsonNode png = browser.call(page, "Page.captureScreenshot", HeadlessChromium.params().put("format", "png"));
            byte[] bytes = Base64.getDecoder().decode(png.get("data").asText());
            Files.write(shot, bytes);
            assertTrue(bytes.length > 20_000 && bytes.length < MAX_PNG_BYTES, "a small PNG of the page: " + bytes.length + " bytes");

            // the request log sees requests when a page makes them: the check above is not blind
            Path control = workDir.resolve("control.html");
            Files.writeString(control, "<!DOCTYPE html><p>control</p><img src=\"http://127.0.0.1:9/pixel.png\">");
            String other = browser.newPage();
            browser.call(other, "Network.enable", null);
            browser.call(other, "Page.enable", null);
            browser.call(other, "Page.navigate", HeadlessChromium.params().put("url", control.toUri().toString()));
            browser.await(other, "Page.loadEventFired", 30);
            List<String> controlRequests = new ArrayList<>();
            for (JsonNode e : browser.events(other, "Network.requestWillBeSent")) {
                controlRequests.add(e.get("request").get("url").asText());
            }
            assertTrue(controlRequests.contains("http://127.0.0.1:9/pixel.png"), "the control page's request is seen: " + controlRequests);
        }
        if (Boolean.getBoolean("widgetify.updateScreenshot")) {
            Path doc = Path.of(System.getProperty("widgetify.docs", "../docs")).resolve("images/incident-report.png");
            Files.createDirectories(doc.getParent());
            Files.copy(shot, doc, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The chart as rendered: the run's samples, the first warning, the first failed acquisition at the first 503, after the warning. */
    private void checkChart(HeadlessChromium browser, String page) throws Exception {
        JsonNode chart = JSON.readTree(browser.eval(page, "(function(){var s=document.querySelector('svg.pool-chart');"
                + "var w=s.querySelector('.marker.first-warning'),f=s.querySelector('.marker.first-failure');"
                + "return JSON.stringify({pool:s.dataset.pool,samples:+s.dataset.samples,first:+s.dataset.firstMs,last:+s.dataset.lastMs,"
                + "columns:s.querySelectorAll('rect.sample').length,width:s.getBoundingClientRect().width,"
                + "bars:s.querySelectorAll('.failures rect').length,triggers:s.querySelectorAll('.marker.trigger').length,"
                + "warningMs:+w.dataset.ms,warningX:w.querySelector('line').getBoundingClientRect().x,warningText:w.textContent,"
                + "failureMs:+f.dataset.ms,failureX:f.querySelector('line').getBoundingClientRect().x,failureText:f.textContent})})()")
                .asText());
        assertEquals("widgetify", chart.get("pool").asText());
        long loadStart = run.load.startedAtMillis;
        long loadEnd = loadStart + run.load.durationMillis;
        int samples = chart.get("samples").asInt();
        assertTrue(samples >= run.load.durationMillis / 1000 - 2, "about a sample a second of the " + run.load.durationMillis
                + " ms load: " + chart);
        assertEquals(samples, chart.get("columns").asInt(), "each sample is drawn (with its hover title)");
        assertTrue(chart.get("first").asLong() <= loadStart + 2000 && chart.get("last").asLong() >= loadEnd - 2000,
                "the samples span the load (+" + (chart.get("first").asLong() - loadStart) + " ms to +" + (chart.get("last").asLong()
                        - loadStart) + " ms of " + run.load.durationMillis + ")");
        assertTrue(chart.get("width").asDouble() > 800, "drawn at the page's width: " + chart);
        assertTrue(chart.get("bars").asInt() > 0 && chart.get("triggers").asInt() > 0, "failures and warnings drawn: " + chart);

        LogLine firstWarning = run.firstWarning();
        long warningMs = chart.get("warningMs").asLong();
        assertTrue(warningMs <= firstWarning.atMillis && firstWarning.atMillis - warningMs < 3000, "the first warning marker is the"
                + " trigger of the first WARN line the service printed (+" + (firstWarning.atMillis - loadStart) + " ms): +"
                + (warningMs - loadStart) + " ms");
        long failureMs = chart.get("failureMs").asLong();
        long first503 = run.load.firstUnavailableAtMillis;
        assertTrue(failureMs >= first503 - 1500 && failureMs <= first503 + 2000, "the first failed acquisition is marked where the"
                + " clients saw the first 503 (+" + (first503 - loadStart) + " ms): +" + (failureMs - loadStart) + " ms");
        assertTrue(failureMs > warningMs && chart.get("failureX").asDouble() > chart.get("warningX").asDouble(),
                "the first-503 marker lies after the first warning, in time and on screen: " + chart);
        assertEquals("first failed acquisition", chart.get("failureText").asText().replaceAll("[0-9:.]+ UTC.*", "").trim());
    }

    private void checkCulprits(HeadlessChromium browser, String page) throws Exception {
        String leak = "com.widgetify.widgets.WidgetReportHandler.serve(WidgetReportHandler.java:" + leakLine + ")";
        assertEquals(leak, browser.eval(page, "document.querySelector('tr.culprit.top code').textContent").asText(),
                "the leaking line is ranked first");
        String postmortem = browser.eval(page, "document.querySelector('article.postmortem').innerText").asText();
        assertTrue(postmortem.contains("Root cause: " + leak + " takes connections it does not close on every path"), postmortem);
        assertTrue(postmortem.contains("ConnTrackPoolExhaustionForecast") && postmortem.contains("conntrack-junit"), postmortem);
        int stacks = browser.eval(page, "document.querySelectorAll('details.held pre').length").asInt();
        assertTrue(stacks > 0, "holder and acquiring stacks, collapsible");
        assertEquals(0, browser.eval(page, "document.querySelectorAll('details.held[open]').length").asInt(), "collapsed until asked");
    }
}
