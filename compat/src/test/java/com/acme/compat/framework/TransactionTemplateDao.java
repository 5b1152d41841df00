package com.acme.compat.framework;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

public final class TransactionTemplateDao implements FrameworkDao {

    private final DataSourceTransactionManager tm;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;

    public TransactionTemplateDao(DataSource ds) {
        this.tm = new DataSourceTransactionManager(ds);
        this.tx = new TransactionTemplate(tm);
        this.jdbc = new JdbcTemplate(ds);
    }

    @Override
    public void borrow() {
        tx.executeWithoutResult(s -> jdbc.queryForObject("select 1", Integer.class)); // BORROW
    }

    /** Begins a transaction and never commits nor rolls back: its connection stays bound, then is lost. */
    @Override
    public void leak() throws Exception {
        TransactionStatus status = tm.getTransaction(null); // LEAK
        jdbc.queryForObject("select 1", Integer.class);
        // the thread-bound resource would keep it reachable: unbind it as a lost thread would
        org.springframework.transaction.support.TransactionSynchronizationManager.clear();
        org.springframework.transaction.support.TransactionSynchronizationManager
                .unbindResource(jdbc.getDataSource());
    }
}
