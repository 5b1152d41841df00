package io.conntrack.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForecastTest {

    @Test
    void lossRateIsTheLossesOfTheWindowOverTheWindow() {
        assertEquals(10 / 300.0, Forecast.lossRate(10, 300, 3600), 1e-9);
    }

    @Test
    void aPoolWatchedForLessThanTheWindowUsesTheTimeItWasWatched() {
        assertEquals(5 / 10.0, Forecast.lossRate(5, 300, 10), 1e-9);
        assertEquals(1.0, Forecast.lossRate(1, 300, 0.2), 1e-9, "at least one second");
    }

    @Test
    void theHistoryARateRestsOnIsSaidAndAnEarlyOneIsCalledSo() {
        assertEquals(300, Forecast.historySeconds(300, 3600), 0);
        assertEquals(12, Forecast.historySeconds(300, 12), 0);
        assertEquals(1, Forecast.historySeconds(300, 0.2), 0);
        assertEquals("over the last 5.0 min", Forecast.history(300, 300));
        assertEquals("over the 2.0 min it has been watched", Forecast.history(120, 300));
        assertEquals("in its first 12 s", Forecast.history(12, 300));
        assertTrue(Forecast.isEarly(12));
        assertTrue(Forecast.isEarly(59.9));
        assertTrue(!Forecast.isEarly(60));
    }

    /** Issue 29: a burst of 4 leaks in a pool seen for a second says it rests on that second. */
    @Test
    void aBurstInAYoungPoolIsAnEarlyEstimateInItsForecast() {
        PoolState s = new PoolState();
        s.name = "widgets";
        s.maxSize = 10;
        s.active = 5;
        s.lost = 4;
        s.lostRecently = 4;
        s.lossHistorySeconds = Forecast.historySeconds(300, 1.2);
        s.lossRatePerMinute = Forecast.lossRate(4, 300, 1.2) * 60;
        s.exhaustionSeconds = Forecast.exhaustionSeconds(10, 5, s.lossRatePerMinute / 60);
        assertEquals("pool 'widgets' (max 10): 5 in use, 4 lost for good; 4 lost in its first 1 s (an early estimate),"
                + " at the current rate it is exhausted in ~2 s", PoolWatch.forecastLine(s));
        s.lossHistorySeconds = 300;
        assertEquals("pool 'widgets' (max 10): 5 in use, 4 lost for good; 4 lost over the last 5.0 min,"
                + " at the current rate it is exhausted in ~2 s", PoolWatch.forecastLine(s));
    }

    @Test
    void noLossesNoRate() {
        assertEquals(0, Forecast.lossRate(0, 300, 100), 0);
    }

    @Test
    void exhaustionIsHeadroomOverRate() {
        // max 10, 7 in use (5 of them lost), 5 lost in 40 s: 3 left at 1/8 per second = 24 s
        assertEquals(24, Forecast.exhaustionSeconds(10, 7, 5 / 40.0), 1e-9);
    }

    @Test
    void noHeadroomIsZero() {
        assertEquals(0, Forecast.exhaustionSeconds(10, 10, 0.1), 0);
        assertEquals(0, Forecast.exhaustionSeconds(10, 12, 0.1), 0);
    }

    @Test
    void withoutAMaximumOrALossTrendThereIsNoForecast() {
        assertTrue(Double.isNaN(Forecast.exhaustionSeconds(-1, 3, 0.5)));
        assertTrue(Double.isNaN(Forecast.exhaustionSeconds(10, 3, 0)));
    }

    @Test
    void aBiggerPoolBuysExtraOverRate() {
        assertEquals(80, Forecast.delayBought(10, 0.125), 1e-9);
        assertTrue(Double.isInfinite(Forecast.delayBought(10, 0)));
    }

    @Test
    void secondsReadAsPeopleReadThem() {
        assertEquals("40 s", Forecast.seconds(40.2));
        assertEquals("2.5 min", Forecast.seconds(150));
        assertEquals("2.0 h", Forecast.seconds(7200));
        assertEquals("0 s", Forecast.seconds(0));
    }
}
