package com.acme.compat.framework;

import com.acme.compat.harness.Versions;
import java.util.function.Function;
import javax.sql.DataSource;

/** The frameworks of the matrix, each with its DAO; all run over HikariCP and H2. */
public enum Framework {
    SPRING_JDBC_TEMPLATE("Spring JdbcTemplate", "spring-jdbc", JdbcTemplateDao.class, JdbcTemplateDao::new),
    SPRING_DATA_SOURCE_UTILS("Spring DataSourceUtils", "spring-jdbc", DataSourceUtilsDao.class, DataSourceUtilsDao::new),
    SPRING_TRANSACTION_TEMPLATE("Spring TransactionTemplate + DataSourceTransactionManager", "spring-tx",
            TransactionTemplateDao.class, TransactionTemplateDao::new),
    SPRING_TRANSACTION_AWARE_PROXY("Spring TransactionAwareDataSourceProxy", "spring-jdbc",
            TransactionAwareProxyDao.class, TransactionAwareProxyDao::new),
    JOOQ("jOOQ", "jooq", JooqDao.class, JooqDao::new),
    JDBI("JDBI", "jdbi3-core", JdbiDao.class, JdbiDao::new),
    MYBATIS("MyBatis (mapper proxy)", "mybatis", MyBatisDao.class, MyBatisDao::new);

    public final Class<? extends FrameworkDao> dao;
    public final Function<DataSource, FrameworkDao> factory;
    private final String label;
    private final String artifact;

    Framework(String label, String artifact, Class<? extends FrameworkDao> dao, Function<DataSource, FrameworkDao> factory) {
        this.label = label;
        this.artifact = artifact;
        this.dao = dao;
        this.factory = factory;
    }

    public String version() {
        return Versions.of(label, artifact);
    }
}
