package com.acme.coexistence;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.acme.scenarios.Agent;
import java.sql.Connection;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Mockito's inline mock maker (it retransforms classes with its own Byte Buddy) in the same JVM as
 * ConnTrack: a final class is mocked, and a real H2 DataSource, already instrumented by ConnTrack, is
 * spied on and then used for real.
 */
public final class MockitoScenario {

    static final int BORROWS = 300;

    /** Final: only the inline mock maker can mock it. */
    static final class PriceList {
        final int price(String item) {
            return 1;
        }
    }

    public static void main(String[] args) throws Exception {
        PriceList prices = mock(PriceList.class);
        when(prices.price("tea")).thenReturn(42);
        System.out.println("MOCK " + prices.price("tea"));

        JdbcDataSource real = new JdbcDataSource();
        real.setURL("jdbc:h2:mem:mockito;DB_CLOSE_DELAY=-1");
        try (Connection c = real.getConnection()) { // BEFORE-SPY
            c.isValid(1);
        }
        JdbcDataSource ds = spy(real);
        for (int i = 0; i < BORROWS; i++) {
            try (Connection c = ds.getConnection()) { // SPY
                c.isValid(1);
            }
        }
        verify(ds, org.mockito.Mockito.times(BORROWS)).getConnection();
        Connection mocked = mock(Connection.class);
        mocked.close();
        System.out.println("SPY-OK");
        Agent.printSnapshot();
    }
}
