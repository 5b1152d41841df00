package com.widgetify.orders;

import com.widgetify.http.BadRequestException;
import com.widgetify.http.Endpoint;
import com.widgetify.http.Request;
import com.widgetify.http.Response;
import com.widgetify.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * {@code POST /orders} with {@code {"widgetId":1,"quantity":2}}: records the order, charges it, marks
 * it paid, in one transaction. Never leaks, but holds its connection for the whole payment call, so
 * a few concurrent orders keep a large share of the pool busy doing nothing (the "hog").
 */
public final class CreateOrderHandler implements Endpoint {

    private final DataSource dataSource;
    private final PaymentGateway paymentGateway;

    public CreateOrderHandler(DataSource dataSource, PaymentGateway paymentGateway) {
        this.dataSource = dataSource;
        this.paymentGateway = paymentGateway;
    }

    @Override
    public Response serve(Request request) throws Exception {
        JsonObject body = parse(request.body());
        long widgetId = body.number("widgetId", -1);
        long quantity = body.number("quantity", 1);
        if (widgetId <= 0 || quantity <= 0 || quantity > 100) {
            throw new BadRequestException("widgetId and a quantity of 1 to 100 are required");
        }
        try (Connection connection = dataSource.getConnection()) { // HOG: held across PaymentGateway.charge() below
            connection.setAutoCommit(false);
            try {
                Long priceCents = priceOf(connection, widgetId);
                if (priceCents == null) {
                    connection.rollback();
                    return Response.error(404, "no widget " + widgetId);
                }
                long totalCents = priceCents * quantity;
                long orderId = insertPending(connection, widgetId, quantity, totalCents);
                String paymentId = paymentGateway.charge(orderId, totalCents);
                markPaid(connection, orderId, paymentId);
                connection.commit();
                return Response.json(201, "{\"orderId\":" + orderId + ",\"totalCents\":" + totalCents
                        + ",\"paymentId\":\"" + paymentId + "\",\"status\":\"PAID\"}");
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static JsonObject parse(String body) throws BadRequestException {
        try {
            return JsonObject.parse(body);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static Long priceOf(Connection connection, long widgetId) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("select price_cents from widget where id = ?")) {
            q.setLong(1, widgetId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }

    private static long insertPending(Connection connection, long widgetId, long quantity, long totalCents) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into orders (widget_id, quantity, total_cents, status) values (?, ?, ?, 'PENDING')",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, widgetId);
            insert.setLong(2, quantity);
            insert.setLong(3, totalCents);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void markPaid(Connection connection, long orderId, String paymentId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update orders set status = 'PAID', payment_id = ? where id = ?")) {
            update.setString(1, paymentId);
            update.setLong(2, orderId);
            update.executeUpdate();
        }
    }
}
