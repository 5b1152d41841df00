package com.acme.scenarios;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * Application DataSources layered over HikariCP over H2: each borrow must count once, at the line
 * that called the outermost DataSource.
 */
public final class WrapperDataSourceScenario {

    public static void main(String[] args) throws Exception {
        try (HikariDataSource hikari = Pools.hikari("wrappers", 4)) {
            DataSource delegating = new DelegatingDataSource(hikari);
            DataSource wrapping = new WrappingDataSource(hikari);
            DataSource layered = new DelegatingDataSource(new WrappingDataSource(new DelegatingDataSource(hikari)));
            for (int i = 0; i < 20; i++) {
                try (Connection c = delegating.getConnection()) { // VIA-DELEGATING
                    c.isValid(1);
                }
            }
            for (int i = 0; i < 30; i++) {
                try (Connection c = wrapping.getConnection()) { // VIA-WRAPPING
                    c.isValid(1);
                }
            }
            for (int i = 0; i < 40; i++) {
                try (Connection c = layered.getConnection()) { // VIA-LAYERED
                    c.isValid(1);
                }
            }
            Agent.printSnapshot();
        }
        Agent.printSnapshot();
    }
}
