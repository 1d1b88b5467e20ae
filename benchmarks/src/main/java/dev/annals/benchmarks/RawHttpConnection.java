// SPDX-License-Identifier: Apache-2.0
package dev.annals.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/*
 * A load generator's HTTP/1.1 client
 * ----------------------------------
 * One keep-alive connection over a blocking socket, one request at a time, as wrk and similar load
 * generators do: the request is formatted into one byte array and written with one write; the
 * answer is read through this class's own buffer (status line, headers, then exactly Content-Length
 * body bytes, or the chunks of a chunked body). Nothing is allocated per request beyond the request
 * bytes and the body, so the client costs the machine a few microseconds per request and leaves
 * the CPU to the server under test (java.net.http.HttpClient costs several times as much: a
 * selector thread, futures and a hand-off per request). When the server answers
 * "Connection: close" or closes the socket, the next request opens a new connection.
 *
 * Not thread-safe: one connection per worker thread.
 */
final class RawHttpConnection implements AutoCloseable {
    private static final byte[] CRLF = {'\r', '\n'};

    private final InetSocketAddress address;
    private final String hostHeader;
    private final byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;
    /** 0 until the status line of the current answer was read. */
    private int answerStarted;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttpConnection(URI base) {
        int port = base.getPort() > 0 ? base.getPort() : 80;
        if (!"http".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException("the raw client speaks plain http only: " + base);
        }
        this.address = new InetSocketAddress(base.getHost(), port);
        this.hostHeader = base.getHost() + ":" + port;
    }

    /** An answer: status and body bytes. */
    record Response(int status, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * The bytes of one request with {@code Connection: keep-alive} framing; {@code headers} are
     * complete lines without the line end ("Name: value").
     */
    byte[] request(String method, String pathAndQuery, String[] headers, byte[] body) {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Sends request bytes made by {@link #request} and reads the whole answer. */
    Response exchange(byte[] request) throws IOException {
        boolean reused = socket != null;
        if (!reused) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (EOFException e) {
            close();
            if (reused && answerStarted == 0) {
                // the server had closed the idle connection before this request: once more on a new one
                connect();
                out.write(request);
                out.flush();
                return readResponse();
            }
            throw e;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, 5_000);
        s.setSoTimeout(60_000);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        start = 0;
        end = 0;
    }

    private Response readResponse() throws IOException {
        answerStarted = 0;
        String statusLine = readLine();
        answerStarted = 1;
        // HTTP/1.1 200 OK
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine, 9, 12, 10);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon);
            if (name.equalsIgnoreCase("content-length")) {
                contentLength = Long.parseLong(line.substring(colon + 1).strip());
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = line.substring(colon + 1).toLowerCase(Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("connection")) {
                close = line.substring(colon + 1).toLowerCase(Locale.ROOT).contains("close");
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = readExactly((int) contentLength);
        } else if (status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else {
            body = readToEnd();
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, body);
    }

    private byte[] readChunked() throws IOException {
        byte[] body = new byte[0];
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body;
            }
            byte[] chunk = readExactly(size);
            byte[] grown = Arrays.copyOf(body, body.length + size);
            System.arraycopy(chunk, 0, grown, body.length, size);
            body = grown;
            if (!readLine().isEmpty()) {
                throw new IOException("malformed chunk");
            }
        }
    }

    private byte[] readToEnd() throws IOException {
        byte[] rest = Arrays.copyOfRange(buffer, start, end);
        start = end;
        byte[] more = in.readAllBytes();
        byte[] all = Arrays.copyOf(rest, rest.length + more.length);
        System.arraycopy(more, 0, all, rest.length, more.length);
        return all;
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] body = new byte[length];
        int have = Math.min(length, end - start);
        System.arraycopy(buffer, start, body, 0, have);
        start += have;
        while (have < length) {
            int n = in.read(body, have, length - have);
            if (n < 0) {
                throw new EOFException("connection closed in the middle of a body");
            }
            have += n;
        }
        return body;
    }

    /** One header-section line without its CRLF (ISO-8859-1). */
    private String readLine() throws IOException {
        while (true) {
            for (int i = start; i < end - 1; i++) {
                if (buffer[i] == CRLF[0] && buffer[i + 1] == CRLF[1]) {
                    String line = new String(buffer, start, i - start, StandardCharsets.ISO_8859_1);
                    start = i + 2;
                    return line;
                }
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            throw new IOException("a header line longer than " + buffer.length + " bytes");
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        end += n;
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        start = 0;
        end = 0;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a socket we are done with
            }
        }
    }
}
