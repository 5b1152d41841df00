package io.conntrack.benchspring;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Benchmark 7's application: a small pet clinic (Spring MVC on Tomcat, Spring Data JPA with Hibernate,
 * HikariCP, H2 in memory). It loads sample data at start. With {@code --conntrack.bench.exitAfterFirstRequest}
 * (or the same system property) it sends GET /owners to itself, prints {@code RESULT} lines (wall time from
 * JVM start to the first response, process CPU time, classes loaded, the agent's counters when it runs) and exits.
 */
@SpringBootApplication
public class PetClinicApp {

    static final String EXIT_PROPERTY = "conntrack.bench.exitAfterFirstRequest";

    public static void main(String[] args) {
        SpringApplication.run(PetClinicApp.class, args);
    }

    @Bean
    CommandLineRunner loadData(ClinicService clinic) {
        return args -> clinic.loadSampleData();
    }

    /** Once the application is ready (after the data loader and every other runner). */
    @Bean
    ApplicationListener<ApplicationReadyEvent> exitAfterFirstRequest(Environment env, ConfigurableApplicationContext context) {
        return event -> {
            String flag = env.getProperty(EXIT_PROPERTY);
            if (flag == null || flag.equals("false")) {
                return;
            }
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/owners"))
                    .timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException("GET /owners failed", e);
            }
            long nowMillis = System.currentTimeMillis();
            long wallMillis = nowMillis - ManagementFactory.getRuntimeMXBean().getStartTime();
            if (response.statusCode() != 200 || !response.body().contains("\"pets\"")) {
                throw new IllegalStateException("GET /owners answered " + response.statusCode() + ": " + response.body());
            }
            System.out.println("RESULT firstResponseMillis=" + wallMillis);
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                System.out.println("RESULT cpuNanos=" + sun.getProcessCpuTime());
            }
            System.out.println("RESULT loadedClasses=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
            System.out.println("RESULT owners=" + count(response.body(), "\"city\""));
            printAgentCounters();
            System.exit(SpringApplication.exit(context));
        };
    }

    /** The agent's counters from ConnTrack.snapshotJson(), read by reflection (the app is not compiled against the agent). */
    private static void printAgentCounters() {
        String json;
        try {
            Class<?> api = Class.forName("io.conntrack.ConnTrack", true, ClassLoader.getSystemClassLoader());
            if (!(Boolean) api.getMethod("isActive").invoke(null)) {
                return;
            }
            Method snapshot = api.getMethod("snapshotJson");
            json = (String) snapshot.invoke(null);
        } catch (ClassNotFoundException e) {
            return;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the ConnTrack API", e);
        }
        for (String counter : new String[] {"classesSeen", "classesMatched", "classesTransformed", "supertypeFilesRead", "transformerMicros", "startMicros"}) {
            System.out.println("RESULT " + counter + "=" + field(json, "agent", counter));
        }
        System.out.println("RESULT acquired=" + field(json, "application", "acquired"));
    }

    private static long field(String json, String section, String name) {
        int from = json.indexOf("\"" + section + "\"");
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\\d+)").matcher(json);
        return from >= 0 && m.find(from) ? Long.parseLong(m.group(1)) : -1;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
