using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>
/// Sends raw bytes to a server over a TCP connection and reads back everything it answers, then checks
/// that the answer is a sequence of well-formed HTTP/1.1 responses.
/// </summary>
public static partial class RawHttp
{
    /// <summary>What came back on one connection: the raw bytes, and whether the server reset it.</summary>
    public sealed record Exchange(byte[] Received, bool Reset, bool TimedOut);

    /// <summary>One parsed response: status code and headers (name, value) in order.</summary>
    public sealed record Response(int Status, IReadOnlyList<(string Name, string Value)> Headers);

    /// <summary>
    /// Connects, starts reading at once (so an early answer to a huge upload is not lost), writes the parts
    /// with <paramref name="pause"/> between them, optionally closes the sending side, and reads until the
    /// server closes the connection or <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task<Exchange> SendAsync(Uri server, IReadOnlyList<byte[]> parts, TimeSpan pause, bool closeSending, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(parts);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        using var deadline = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var reset = false;
        var timedOut = false;
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
                {
                    received.Write(buffer, 0, read);
                }
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
            }
            catch (IOException)
            {
                reset = true;
            }
        });

        try
        {
            for (var index = 0; index < parts.Count; index++)
            {
                if (index > 0 && pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, deadline.Token);
                }

                await stream.WriteAsync(parts[index], deadline.Token);
            }

            if (closeSending)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server answered and closed before taking everything (a refused upload): the answer is still read.
        }

        await reading;
        return new Exchange(received.ToArray(), reset, timedOut);
    }

    /// <summary>
    /// Parses the bytes as back-to-back HTTP/1.1 responses; a problem with their shape is returned as text,
    /// and <c>CutOff</c> tells a problem that is only the bytes ending early (the connection closed mid-answer)
    /// from an ill-formed answer.
    /// </summary>
    public static (IReadOnlyList<Response> Responses, string? Problem, bool CutOff) Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var responses = new List<Response>();
        var at = 0;
        while (at < bytes.Length)
        {
            var end = IndexOf(bytes, "\r\n\r\n"u8, at);
            if (end < 0)
            {
                return (responses, "a response's header section does not end", true);
            }

            var lines = Encoding.Latin1.GetString(bytes, at, end - at).Split("\r\n");
            var status = StatusLine().Match(lines[0]);
            if (!status.Success)
            {
                return (responses, $"malformed status line '{lines[0]}'", false);
            }

            var headers = new List<(string, string)>();
            foreach (var line in lines.Skip(1))
            {
                var header = HeaderLine().Match(line);
                if (!header.Success)
                {
                    return (responses, $"malformed header line '{line}'", false);
                }

                headers.Add((header.Groups[1].Value, header.Groups[2].Value.Trim()));
            }

            var code = int.Parse(status.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            responses.Add(new Response(code, headers));
            at = end + 4;
            var contentLength = headers.Where(header => header.Item1.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(header => header.Item2).ToArray();
            var chunked = headers.Any(header => header.Item1.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && header.Item2.Contains("chunked", StringComparison.OrdinalIgnoreCase));
            if (code is (>= 100 and < 200) or 204 or 304)
            {
                continue;
            }

            if (chunked)
            {
                var (next, problem, cutOff) = SkipChunks(bytes, at);
                if (problem is not null)
                {
                    return (responses, problem, cutOff);
                }

                at = next;
            }
            else if (contentLength.Length == 1 && long.TryParse(contentLength[0], out var length) && length >= 0)
            {
                if (at + length > bytes.Length)
                {
                    return (responses, $"the body is shorter than its Content-Length {length}", true);
                }

                at += (int)length;
            }
            else if (contentLength.Length > 1)
            {
                return (responses, "more than one Content-Length", false);
            }
            else
            {
                at = bytes.Length; // the body runs to the end of the connection
            }
        }

        return (responses, null, false);
    }

    private static (int Next, string? Problem, bool CutOff) SkipChunks(byte[] bytes, int at)
    {
        while (true)
        {
            var lineEnd = IndexOf(bytes, "\r\n"u8, at);
            if (lineEnd < 0)
            {
                return (at, "a chunk size line does not end", true);
            }

            var sizeText = Encoding.Latin1.GetString(bytes, at, lineEnd - at).Split(';')[0];
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, null, out var size) || size < 0)
            {
                return (at, $"malformed chunk size '{sizeText}'", false);
            }

            at = lineEnd + 2;
            if (size == 0)
            {
                var trailerEnd = IndexOf(bytes, "\r\n"u8, at);
                return trailerEnd < 0 ? (at, "the last chunk does not end", true) : (trailerEnd + 2, null, false);
            }

            if (at + size + 2 > bytes.Length)
            {
                return (at, "a chunk is shorter than its size", true);
            }

            if (bytes[at + size] != '\r' || bytes[at + size + 1] != '\n')
            {
                return (at, "a chunk does not end where its size says", false);
            }

            at += size + 2;
        }
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> value, int from)
    {
        var index = bytes.AsSpan(from).IndexOf(value);
        return index < 0 ? -1 : from + index;
    }

    [GeneratedRegex(@"^HTTP/1\.[01] ([1-5][0-9]{2})( [\t\x20-\x7E\x80-\xFF]*)?$")]
    private static partial Regex StatusLine();

    // RFC 9110 token for the name; visible characters, spaces and tabs for the value: no CR, LF or NUL.
    [GeneratedRegex(@"^([!#$%&'*+.^_`|~0-9A-Za-z-]+):([\t\x20-\x7E\x80-\xFF]*)$")]
    private static partial Regex HeaderLine();
}
