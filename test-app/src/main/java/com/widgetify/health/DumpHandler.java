package com.widgetify.health;

import com.widgetify.http.Endpoint;
import com.widgetify.http.Request;
import com.widgetify.http.Response;
import com.widgetify.json.Json;
import java.nio.file.Path;

/** {@code POST /admin/dump}: asks ConnTrack for a dump now and answers with its file. */
public final class DumpHandler implements Endpoint {

    private final ConnTrackProbe connTrack;

    public DumpHandler(ConnTrackProbe connTrack) {
        this.connTrack = connTrack;
    }

    @Override
    public Response serve(Request request) {
        Path file = connTrack.dump("requested through POST /admin/dump");
        if (file == null) {
            return Response.error(404, "ConnTrack is not running in this JVM (or could not write the dump)");
        }
        return Response.ok("{\"dump\":" + Json.quote(file.toAbsolutePath().toString()) + "}");
    }
}
