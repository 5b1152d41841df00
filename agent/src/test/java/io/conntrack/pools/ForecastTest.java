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
