package io.conntrack.junit.userbuild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sample builds' local repository, under target/: ConnTrack's artifacts are installed into it (never
 * into ~/.m2, which other checkouts share), and third-party artifacts are copied into it from the
 * outer build's local repository, else downloaded from Maven Central ({@link #settings}).
 */
final class PrivateRepository {

    final Path dir;

    PrivateRepository(Path dir) {
        this.dir = dir;
    }

    /**
     * Installs an artifact as {@code mvn install} lays it out: {@code group/artifact/version/artifact-version.pom}
     * and, unless a POM-only artifact, {@code .jar}. Whatever was installed there before is removed.
     */
    void install(String group, String artifact, String version, Path pom, Path jar) throws IOException {
        Path folder = dir.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
        SampleProjects.deleteRecursively(folder);
        Files.createDirectories(folder);
        Files.copy(pom, folder.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, folder.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * A settings file for the sample builds: the outer build's local repository ({@code outerRepository})
     * as a read-only file repository, tried before Maven Central (which the super POM adds), for artifacts
     * and plugins alike. A user's ~/.m2/settings.xml is not read (no mirror can redirect the file repository).
     */
    Path settings(Path outerRepository) throws IOException {
        String url = outerRepository.toUri().toString();
        String repository = "        <id>outer-local-repository</id>\n"
                + "        <url>" + url + "</url>\n"
                + "        <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>\n"
                + "        <snapshots><enabled>false</enabled></snapshots>\n";
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">\n"
                + "  <localRepository>" + dir.toAbsolutePath() + "</localRepository>\n"
                + "  <profiles>\n"
                + "    <profile>\n"
                + "      <id>outer-local-repository</id>\n"
                + "      <repositories>\n"
                + "        <repository>\n" + repository + "        </repository>\n"
                + "      </repositories>\n"
                + "      <pluginRepositories>\n"
                + "        <pluginRepository>\n" + repository + "        </pluginRepository>\n"
                + "      </pluginRepositories>\n"
                + "    </profile>\n"
                + "  </profiles>\n"
                + "  <activeProfiles>\n"
                + "    <activeProfile>outer-local-repository</activeProfile>\n"
                + "  </activeProfiles>\n"
                + "</settings>\n";
        Path file = dir.getParent().resolve("settings.xml");
        Files.createDirectories(dir);
        Files.writeString(file, xml);
        return file;
    }
}
