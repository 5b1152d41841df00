package com.widgetify.widgets;

import com.widgetify.http.Endpoint;
import com.widgetify.http.Request;
import com.widgetify.http.Response;
import com.widgetify.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@code GET /widgets}: the catalogue. Closes its connection on every path (try-with-resources). */
public final class ListWidgetsHandler implements Endpoint {

    private final DataSource dataSource;

    public ListWidgetsHandler(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Response serve(Request request) throws SQLException {
        StringBuilder json = new StringBuilder("[");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select id, name, price_cents, stock from widget order by id");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append("{\"id\":").append(rows.getLong(1))
                        .append(",\"name\":").append(Json.quote(rows.getString(2)))
                        .append(",\"priceCents\":").append(rows.getLong(3))
                        .append(",\"stock\":").append(rows.getInt(4)).append('}');
            }
        }
        return Response.ok(json.append(']').toString());
    }
}
