package com.widgetify.orders;

import java.util.UUID;

/**
 * The payment provider, simulated: a remote call that answers after {@code latencyMillis}. Slow on
 * purpose; slowness is not the bug, holding a database connection while waiting for it is.
 */
public class PaymentGateway {

    private final long latencyMillis;

    public PaymentGateway(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    /** Charges the amount and returns the provider's payment id. */
    public String charge(long orderId, long amountCents) throws InterruptedException {
        if (amountCents <= 0) {
            throw new IllegalArgumentException("order " + orderId + ": nothing to charge");
        }
        Thread.sleep(latencyMillis); // the network round trip and the provider's own work
        return "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
