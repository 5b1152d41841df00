package com.acme.compat.dao;

import com.acme.compat.harness.Servers;
import com.acme.compat.harness.Versions;

/** The databases of the matrix: how to reach them and which driver jar speaks to them. */
public enum Db {
    H2("jdbc:h2:mem:compat;DB_CLOSE_DELAY=-1", "sa", "", "org.h2.Driver", "select 1", Servers.NONE, "H2", "h2"),
    HSQLDB("jdbc:hsqldb:mem:compat", "SA", "", "org.hsqldb.jdbc.JDBCDriver", "values 1", Servers.NONE, "HSQLDB", "hsqldb"),
    SQLITE("jdbc:sqlite:target/compat.sqlite", "", "", "org.sqlite.JDBC", "select 1", Servers.NONE, "SQLite (xerial)", "sqlite-jdbc"),
    POSTGRES("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", "org.postgresql.Driver", "select 1",
            Servers.POSTGRES, "pgjdbc", "postgresql"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "", "org.mariadb.jdbc.Driver", "select 1",
            Servers.MARIADB, "MariaDB Connector/J", "mariadb-java-client"),
    MYSQL_ON_MARIADB("jdbc:mysql://127.0.0.1:3306/test?useSSL=false&allowPublicKeyRetrieval=true", "root", "",
            "com.mysql.cj.jdbc.Driver", "select 1", Servers.MARIADB, "MySQL Connector/J", "mysql-connector-j");

    public final String url;
    public final String user;
    public final String password;
    public final String driverClass;
    public final String query;
    public final Servers server;
    private final String label;
    private final String artifact;

    Db(String url, String user, String password, String driverClass, String query, Servers server, String label,
       String artifact) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.driverClass = driverClass;
        this.query = query;
        this.server = server;
        this.label = label;
        this.artifact = artifact;
    }

    public String version() {
        return Versions.of(label, artifact) + (server == Servers.NONE ? "" : " on " + server.name().charAt(0)
                + server.name().substring(1).toLowerCase());
    }
}
