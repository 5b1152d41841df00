package io.conntrack.junit.userbuild;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A Surefire XML report ({@code TEST-class.xml}): each test case's outcome, by name. */
final class SurefireReport {

    /** A test case's outcome: null message when it passed. */
    static final class Outcome {
        final String kind;
        final String message;

        Outcome(String kind, String message) {
            this.kind = kind;
            this.message = message;
        }

        boolean passed() {
            return kind.equals("passed");
        }

        @Override
        public String toString() {
            return message == null ? kind : kind + ": " + message;
        }
    }

    final Map<String, Outcome> cases = new LinkedHashMap<>();

    /** The report of {@code testClass} in a module, or null if Surefire wrote none (the build broke before). */
    static SurefireReport of(Path module, String testClass) throws Exception {
        Path file = module.resolve("target/surefire-reports/TEST-" + testClass + ".xml");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element suite = f.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        SurefireReport report = new SurefireReport();
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            report.cases.put(c.getAttribute("name"), outcome(c));
        }
        return report;
    }

    private static Outcome outcome(Element testCase) {
        for (String kind : new String[] {"failure", "error", "skipped"}) {
            NodeList n = testCase.getElementsByTagName(kind);
            if (n.getLength() > 0) {
                Element e = (Element) n.item(0);
                return new Outcome(kind, e.hasAttribute("message") ? e.getAttribute("message") : e.getTextContent());
            }
        }
        return new Outcome("passed", null);
    }

    Outcome get(String name) {
        Outcome o = cases.get(name);
        if (o == null) {
            throw new AssertionError("no test case " + name + " in " + cases.keySet());
        }
        return o;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        cases.forEach((name, o) -> b.append(name).append(": ").append(o).append('\n'));
        return b.toString();
    }
}
