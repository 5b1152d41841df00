package com.acme.compat.harness;

import java.io.File;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Library versions, read from the jar names on the class path (what really ran, not what the pom asked for). */
public final class Versions {

    private Versions() {
    }

    /** {@code "HikariCP 7.1.0"} for artifact {@code HikariCP}; "?" when the jar is not found. */
    public static String of(String label, String artifactId) {
        Pattern p = Pattern.compile(Pattern.quote(artifactId) + "-(\\d[^/]*?)\\.jar");
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Matcher m = p.matcher(new File(e).getName());
            if (m.matches()) {
                return label + " " + m.group(1);
            }
        }
        return label + " ?";
    }
}
