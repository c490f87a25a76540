using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>
/// The real app on a loopback Kestrel port, sent raw bytes over TCP: broken framing, request smuggling
/// shapes, header injection, oversized and slow requests, invalid UTF-8, at every public and management
/// endpoint. Every answer must be well-formed HTTP below 500, no injected header may come back, and
/// nothing may be stored. Bodies are invalid for their endpoint whatever framing the server settles on,
/// so any row written means a refused request got through.
/// </summary>
public sealed class SocketFuzzTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int Requests = 2_400;
    private const int Seed = 20_260_214;
    private const string InvalidBody = "{\"x\":1}";

    private ReferralsApp? _app;
    private Uri? _server;

    private enum Shape
    {
        BareCarriageReturn,
        BareLineFeed,
        InjectedHeaderLine,
        InjectedAuthorization,
        InvalidHeaderName,
        ControlCharacterInValue,
        InvalidUtf8HeaderValue,
        DuplicateContentLength,
        ContentLengthWithChunked,
        ObfuscatedTransferEncoding,
        MalformedChunks,
        BadContentLength,
        LongRequestLine,
        OversizedHeader,
        TooManyHeaders,
        InvalidUtf8Path,
        EncodedInvalidUtf8Path,
        CrlfInPath,
        BadRequestLine,
        HostAbuse,
        TruncatedBody,
        SlowBody,
        StalledBody,
        HugeBody,
        HugeChunkedBody,
    }

    /// <summary>Shapes that take seconds or megabytes each: sent this many times, the rest share the remaining requests.</summary>
    private static readonly Dictionary<Shape, int> Rationed = new()
    {
        [Shape.SlowBody] = 6,
        [Shape.StalledBody] = 6,
        [Shape.HugeBody] = 5,
        [Shape.HugeChunkedBody] = 5,
    };

    private sealed record Target(string Name, string Method, string Path, bool Admin);

    private sealed record Attempt(Shape Shape, Target Target, IReadOnlyList<byte[]> Parts, TimeSpan Pause, bool CloseSending);

    public async Task InitializeAsync()
    {
        _app = new ReferralsApp(await SharedAzurite.GetAsync(), new Dictionary<string, string?> { ["Referrals:RateLimits:Enabled"] = "false" });
        _app.UseKestrel(0);
        _app.StartServer();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _server = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public void Dispose() => _app?.Dispose();

    [Fact]
    public async Task Raw_protocol_abuse_over_a_socket_gets_well_formed_answers_below_500_and_stores_nothing()
    {
        using var admin = new HttpClient { BaseAddress = _server };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReferralsApp.AdminKey);
        var api = new ApiClient(admin);
        var programId = await api.CreateProgramAsync();
        var partnerId = await api.CreatePartnerAsync(programId);
        var code = (await api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var runId = (await api.PostAsync($"/api/v1/programs/{programId}/payout-runs", new { periodEnd = DateTimeOffset.UtcNow.AddSeconds(-1) }, HttpStatusCode.Created)).GetProperty("id").GetString()!;

        // The redirect is the one answer that carries a Location built from stored data: aim injections at
        // it with the real link first, then let its clicks settle so they are not counted below.
        var locationProblems = await ProbeRedirectLocationAsync(code);
        var before = await StableRowCountsAsync();

        var attempts = Attempts(Targets(programId, partnerId, code, runId), new Random(Seed));
        var statuses = new ConcurrentDictionary<int, int>();
        var byShape = new ConcurrentDictionary<Shape, int>();
        var failures = new ConcurrentQueue<string>();
        var unanswered = new ConcurrentDictionary<Shape, int>();
        var cutOffAnswers = new ConcurrentDictionary<Shape, int>();
        var serverErrors = 0;
        var injected = 0;
        var malformed = 0;
        var versionRefusals = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(attempts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (attempt, _) =>
        {
            var timeout = attempt.Shape is Shape.StalledBody or Shape.SlowBody ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(15);
            var exchange = await RawHttp.SendAsync(_server!, attempt.Parts, attempt.Pause, attempt.CloseSending, timeout);
            byShape.AddOrUpdate(attempt.Shape, 1, (_, count) => count + 1);
            var what = $"{attempt.Shape} at {attempt.Target.Name}";
            if (exchange.Received.Length == 0)
            {
                unanswered.AddOrUpdate(attempt.Shape, 1, (_, count) => count + 1);
                if (!ClientBrokeOff(attempt.Shape))
                {
                    failures.Enqueue($"{what}: no answer (reset: {exchange.Reset}, timed out: {exchange.TimedOut})");
                }

                return;
            }

            var (responses, problem, cutOff) = RawHttp.Parse(exchange.Received);
            if (problem is not null && cutOff && ClientBrokeOff(attempt.Shape))
            {
                // Kestrel may have begun the answer (a page needs no body) before it found the client gone.
                cutOffAnswers.AddOrUpdate(attempt.Shape, 1, (_, count) => count + 1);
            }
            else if (problem is not null)
            {
                Interlocked.Increment(ref malformed);
                failures.Enqueue($"{what}: {problem}");
            }

            foreach (var response in responses)
            {
                statuses.AddOrUpdate(response.Status, 1, (_, count) => count + 1);
                if (response.Status == 505 && attempt.Shape == Shape.BadRequestLine)
                {
                    // Kestrel's answer to a request line naming HTTP/1.7 or HTTP/2.0 over HTTP/1: the protocol's own refusal, not a fault.
                    Interlocked.Increment(ref versionRefusals);
                }
                else if (response.Status >= 500)
                {
                    Interlocked.Increment(ref serverErrors);
                    failures.Enqueue($"{what}: {response.Status}");
                }

                if (response.Headers.Any(header => header.Name.Equals("X-Injected", StringComparison.OrdinalIgnoreCase) || header.Name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)))
                {
                    Interlocked.Increment(ref injected);
                    failures.Enqueue($"{what}: an injected header came back");
                }
            }
        });

        await Task.Delay(500); // anything accepted by mistake would be written by now (queue workers poll every 100 ms)
        var after = await _app!.CountRowsAsync();
        var written = after.Sum(table => table.Value) - before.Sum(table => table.Value);
        output.WriteLine($"seed {Seed}: {attempts.Length:N0} raw requests over a socket in {clock.Elapsed.TotalSeconds:0.0} s; with the in-process fuzzer's {FuzzTests.Requests:N0}: {attempts.Length + FuzzTests.Requests:N0}");
        output.WriteLine("by shape: " + string.Join(", ", byShape.OrderBy(entry => entry.Key).Select(entry => $"{entry.Key} {entry.Value}")));
        output.WriteLine("answers: " + string.Join(", ", statuses.OrderBy(entry => entry.Key).Select(entry => $"{entry.Key} x{entry.Value}")));
        output.WriteLine("closed without an answer: " + (unanswered.IsEmpty ? "none" : string.Join(", ", unanswered.Select(entry => $"{entry.Key} {entry.Value}"))));
        output.WriteLine("answer cut off with the connection: " + (cutOffAnswers.IsEmpty ? "none" : string.Join(", ", cutOffAnswers.Select(entry => $"{entry.Key} {entry.Value}"))));
        output.WriteLine($"5xx: {serverErrors} (besides Kestrel's 505 for an unsupported HTTP version: {versionRefusals}), injected headers answered: {injected}, malformed answers: {malformed}, redirect Location problems: {locationProblems.Count}, rows written: {written}");
        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(30)));
        Assert.True(locationProblems.Count == 0, string.Join(Environment.NewLine, locationProblems));
        Assert.Equal(before, after);
    }

    private async Task<List<string>> ProbeRedirectLocationAsync(string code)
    {
        string[] targets =
        [
            $"/r/{code}?x=%0D%0ASet-Cookie:%20injected=1",
            $"/r/{code}?next=https://evil.example/%0d%0aX-Injected:%20yes",
            $"/r/{code}?ref_click=%0D%0ALocation:%20https://evil.example/",
            $"/r/{code}%0D%0AX-Injected:%20yes",
            $"/r/{code}%0D%0ALocation:%20https://evil.example/",
            $"/r/{code}/..%2F..%2Fevil.example",
            $"/r/{code}?%E0%80%AF=%C3%28",
        ];
        (string Name, string Value)[] headers =
        [
            ("Referer", "https://evil.example/\u00C3\u0028"),
            ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0\r\nX-Injected: yes"),
            ("X-Forwarded-Host", "evil.example"),
            ("Host", "evil.example"),
        ];
        var problems = new List<string>();
        foreach (var target in targets)
        {
            foreach (var (name, value) in headers)
            {
                var host = name == "Host" ? value : _server!.Authority;
                var extra = name == "Host" ? string.Empty : $"{name}: {value}\r\n";
                var request = $"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}\r\n";
                var exchange = await RawHttp.SendAsync(_server!, [Encoding.Latin1.GetBytes(request)], TimeSpan.Zero, false, TimeSpan.FromSeconds(15));
                var (responses, problem, _) = RawHttp.Parse(exchange.Received);
                if (problem is not null || responses.Count == 0)
                {
                    problems.Add($"{target} with {name}: {problem ?? "no answer"}");
                    continue;
                }

                foreach (var response in responses)
                {
                    var location = response.Headers.Where(header => header.Name.Equals("Location", StringComparison.OrdinalIgnoreCase)).Select(header => header.Value).ToArray();
                    var wrong = response.Status >= 500
                        || response.Headers.Any(header => header.Name.Equals("X-Injected", StringComparison.OrdinalIgnoreCase) || header.Name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
                        || (response.Status == 302 && (location.Length != 1 || !location[0].StartsWith("https://shop.example.com/pricing?ref_click=", StringComparison.Ordinal) || location[0].Contains("evil", StringComparison.OrdinalIgnoreCase)))
                        || (response.Status != 302 && location.Length > 0);
                    if (wrong)
                    {
                        problems.Add($"{target} with {name}: {response.Status}, Location '{string.Join(" | ", location)}'");
                    }
                }
            }
        }

        output.WriteLine($"redirect Location probes: {targets.Length * headers.Length}, problems: {problems.Count}");
        return problems;
    }

    /// <summary>Row counts once background work (click flushes, projections) has stopped changing them.</summary>
    private async Task<IReadOnlyDictionary<string, int>> StableRowCountsAsync()
    {
        var previous = await _app!.CountRowsAsync();
        for (var round = 0; round < 40; round++)
        {
            await Task.Delay(500);
            var current = await _app.CountRowsAsync();
            if (current.SequenceEqual(previous))
            {
                return current;
            }

            previous = current;
        }

        return previous;
    }

    /// <summary>
    /// Shapes where the client itself gives up mid-request (closes its side mid-body, or is cut off after a
    /// refused 10 MB upload): Kestrel treats it as gone, so no answer or a partial one is all there can be.
    /// </summary>
    private static bool ClientBrokeOff(Shape shape) => shape is Shape.HugeBody or Shape.HugeChunkedBody or Shape.TruncatedBody;

    private static Target[] Targets(string programId, string partnerId, string code, string runId) =>
    [
        new("POST programs", "POST", "/api/v1/programs", true),
        new("GET program", "GET", $"/api/v1/programs/{programId}", true),
        new("POST partners", "POST", $"/api/v1/programs/{programId}/partners", true),
        new("GET partner", "GET", $"/api/v1/partners/{partnerId}", true),
        new("POST links", "POST", $"/api/v1/programs/{programId}/links", true),
        new("POST codes", "POST", $"/api/v1/programs/{programId}/codes", true),
        new("POST conversions", "POST", $"/api/v1/programs/{programId}/conversions", true),
        new("GET commissions", "GET", $"/api/v1/programs/{programId}/commissions", true),
        new("POST review", "POST", $"/api/v1/programs/{programId}/commissions/cm_unknown/review", true),
        new("POST tiers close", "POST", $"/api/v1/programs/{programId}/tiers/close", true),
        new("POST leads", "POST", $"/api/v1/programs/{programId}/leads", true),
        new("GET dead letters", "GET", $"/api/v1/programs/{programId}/dead-letters", true),
        new("PUT integrations", "PUT", $"/api/v1/programs/{programId}/integrations/generic", true),
        new("GET stats", "GET", $"/api/v1/partners/{partnerId}/stats", true),
        new("POST keys", "POST", "/api/v1/keys", true),
        new("GET keys", "GET", "/api/v1/keys", true),
        new("POST payout-runs", "POST", $"/api/v1/programs/{programId}/payout-runs", true),
        new("POST decision", "POST", $"/api/v1/payout-runs/{runId}/decision", true),
        new("GET conversion", "GET", $"/api/v1/programs/{programId}/conversions/cv_unknown", true),
        new("GET commission", "GET", $"/api/v1/programs/{programId}/commissions/cm_unknown", true),
        new("POST dead letter retry", "POST", $"/api/v1/programs/{programId}/dead-letters/unknown/retry", true),
        new("GET click", "GET", "/api/v1/clicks/not-a-click", true),
        new("DELETE key", "DELETE", "/api/v1/keys/key_unknown", true),
        new("GET payout run", "GET", $"/api/v1/payout-runs/{runId}", true),
        new("GET payouts.csv", "GET", $"/api/v1/payout-runs/{runId}/payouts.csv", true),
        new("GET redirect (unknown)", "GET", $"/r/{code}zz", false),
        new("GET decision page", "GET", "/payout-decisions/not-a-token", false),
        new("GET openapi", "GET", "/openapi/v1.json", false),
        new("GET docs", "GET", "/docs/", false),
        new("GET code lookup", "GET", $"/api/v1/codes/NOSUCH?programId={programId}", false),
        new("POST stripe webhook", "POST", $"/webhooks/stripe/{programId}", false),
        new("POST paddle webhook", "POST", $"/webhooks/paddle/{programId}", false),
        new("POST generic webhook", "POST", $"/webhooks/generic/{programId}", false),
        new("POST decision page", "POST", "/payout-decisions/not-a-token", false),
    ];

    private Attempt[] Attempts(Target[] targets, Random random)
    {
        var shapes = Enum.GetValues<Shape>();
        var common = shapes.Where(shape => !Rationed.ContainsKey(shape)).ToArray();
        var list = new List<Attempt>();
        foreach (var (shape, count) in Rationed)
        {
            var bodied = targets.Where(target => target.Method is "POST" or "PUT").ToArray();
            list.AddRange(Enumerable.Range(0, count).Select(index => Build(shape, bodied[(index * 7) % bodied.Length], random)));
        }

        for (var index = list.Count; index < Requests; index++)
        {
            list.Add(Build(common[index % common.Length], targets[random.Next(targets.Length)], random));
        }

        return [.. list];
    }

    /// <summary>One raw request of <paramref name="shape"/> at <paramref name="target"/>.</summary>
    private Attempt Build(Shape shape, Target target, Random random)
    {
        var hasBody = target.Method is "POST" or "PUT";
        var body = hasBody ? InvalidBody : string.Empty;
        var path = target.Path;
        var method = target.Method;
        var version = "HTTP/1.1";
        var host = $"Host: {_server!.Authority}\r\n";
        var authorization = target.Admin ? $"Authorization: Bearer {ReferralsApp.AdminKey}\r\n" : string.Empty;
        var framing = hasBody ? $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n" : string.Empty;
        var extra = string.Empty;
        var pause = TimeSpan.Zero;
        var closeSending = false;
        List<byte[]>? parts = null;
        T Pick<T>(params T[] options) => options[random.Next(options.Length)];

        switch (shape)
        {
            case Shape.BareCarriageReturn:
                extra = "X-Note: a\rX-Injected: yes\r\n";
                break;
            case Shape.BareLineFeed:
                extra = Pick("X-Note: a\nX-Injected: yes\r\n", "X-Note: a\nSet-Cookie: injected=1\r\n");
                break;
            case Shape.InjectedHeaderLine:
                extra = Pick("X-Forwarded-For: 1.2.3.4\r\nX-Injected: yes\r\n", "Referer: https://x.example/\r\nSet-Cookie: injected=1\r\n", "User-Agent: Mozilla/5.0\r\nX-Injected: yes\r\n");
                break;
            case Shape.InjectedAuthorization:
                authorization = Pick(
                    $"Authorization: Bearer {ReferralsApp.AdminKey}\r\nX-Injected: yes\r\n",
                    $"Authorization: Bearer {ReferralsApp.AdminKey}\rX-Injected: yes\r\n",
                    $"Authorization: Bearer {ReferralsApp.AdminKey}\u0000\r\n",
                    "Authorization: Bearer \u00C3\u0028\u00FF\r\n",
                    $"Authorization: Bearer {ReferralsApp.AdminKey}\r\nAuthorization: Bearer other\r\n");
                break;
            case Shape.InvalidHeaderName:
                extra = Pick("Bad Header: x\r\n", "X-H\u00E9ader: x\r\n", "X-\u0001: x\r\n", ": empty\r\n", "X-A\u0000: x\r\n", "(x): y\r\n", " X-Folded: y\r\n");
                break;
            case Shape.ControlCharacterInValue:
                extra = Pick("X-Note: a\u0000b\r\n", "X-Note: a\u007Fb\r\n", "X-Note: a\u0001b\r\n", "Content-Type: application/json\u0000\r\n");
                break;
            case Shape.InvalidUtf8HeaderValue:
                extra = Pick("X-Note: \u00C3\u0028\r\n", "Referer: https://x.example/\u00FF\u00FE\r\n", "User-Agent: \u00ED\u00A0\u0080\r\n");
                break;
            case Shape.DuplicateContentLength:
                framing = $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\nContent-Length: {body.Length + 2}\r\n";
                body += "\r\n";
                break;
            case Shape.ContentLengthWithChunked:
                framing = $"Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n";
                body = $"{InvalidBody.Length:x}\r\n{InvalidBody}\r\n0\r\n\r\nGET /api/v1/keys HTTP/1.1\r\nHost: {_server.Authority}\r\nConnection: close\r\n\r\n";
                break;
            case Shape.ObfuscatedTransferEncoding:
                framing = "Content-Type: application/json\r\n" + Pick(
                    $"Transfer-Encoding: xchunked\r\nContent-Length: {InvalidBody.Length}\r\n",
                    "Transfer-Encoding: chunked, identity\r\n",
                    "Transfer-Encoding : chunked\r\n",
                    "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
                    "Transfer-Encoding:\u000bchunked\r\n",
                    "Transfer-Encoding: identity, chunked\r\n");
                body = $"{InvalidBody.Length:x}\r\n{InvalidBody}\r\n0\r\n\r\n";
                break;
            case Shape.MalformedChunks:
                framing = "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n";
                body = Pick($"zz\r\n{InvalidBody}\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFFFF\r\nx\r\n0\r\n\r\n", $"7\r\n{InvalidBody}XX0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n", $"{InvalidBody.Length:x};ext=\u0000\r\n{InvalidBody}\r\n0\r\n\r\n");
                break;
            case Shape.BadContentLength:
                framing = "Content-Type: application/json\r\nContent-Length: " + Pick("-1", "abc", "1e3", "99999999999999999999", "7 7", "+7", "0x7") + "\r\n";
                break;
            case Shape.LongRequestLine:
                path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "q=" + new string('a', random.Next(9_000, 40_000));
                break;
            case Shape.OversizedHeader:
                extra = "X-Note: " + new string('b', random.Next(33_000, 80_000)) + "\r\n";
                break;
            case Shape.TooManyHeaders:
                extra = string.Concat(Enumerable.Range(0, random.Next(101, 400)).Select(index => $"X-H{index}: v\r\n"));
                break;
            case Shape.InvalidUtf8Path:
                path += Pick("\u00C3\u0028", "\u00FF", "\u00ED\u00A0\u0080", "\u00C0\u00AF");
                break;
            case Shape.EncodedInvalidUtf8Path:
                path += Pick("%C3%28", "%FF%FE", "%00", "%E0%80%AF", "/%2e%2e%2f%2e%2e", "%");
                break;
            case Shape.CrlfInPath:
                path += Pick("%0D%0AX-Injected:%20yes", "%0aSet-Cookie:%20injected=1", "\r\nX-Injected: yes", "\nX-Injected: yes");
                break;
            case Shape.BadRequestLine:
                (method, version) = Pick((method, "HTTP/1.7"), (method, "HTTP/2.0"), (method, "HTTP/1.1x"), ("G@T", version), (method + "\u0000", version), (method, string.Empty), (method + "  ", version));
                break;
            case Shape.HostAbuse:
                (host, path) = Pick(
                    (string.Empty, path),
                    (host + host, path),
                    ("Host: evil.example\r\n", $"http://{_server.Authority}{path}"),
                    ("Host: a b\r\n", path),
                    ($"Host: {_server.Authority}\r\nHost: evil.example\r\n", path));
                break;
            case Shape.TruncatedBody:
                framing = "Content-Type: application/json\r\nContent-Length: 1000\r\n";
                body = InvalidBody;
                closeSending = true;
                break;
            case Shape.SlowBody:
                framing = $"Content-Type: application/json\r\nContent-Length: {InvalidBody.Length + 293}\r\n";
                var slow = Encoding.Latin1.GetBytes(InvalidBody + new string(' ', 293));
                parts = [Head(), .. slow.Chunk(10)];
                pause = TimeSpan.FromMilliseconds(100);
                break;
            case Shape.StalledBody:
                framing = "Content-Type: application/json\r\nContent-Length: 1000\r\n";
                parts = [Head(), "{\"x\":"u8.ToArray(), .. Enumerable.Repeat(" "u8.ToArray(), 3)];
                pause = TimeSpan.FromSeconds(3);
                break;
            case Shape.HugeBody:
                framing = "Content-Type: application/json\r\nContent-Length: 10485760\r\n";
                parts = [Head(), .. Huge(10 * 1024 * 1024).Chunk(256 * 1024)];
                break;
            case Shape.HugeChunkedBody:
                framing = "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n";
                var chunks = Huge(10 * 1024 * 1024).Chunk(256 * 1024).Select(chunk => (byte[])[.. Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"), .. chunk, (byte)'\r', (byte)'\n']);
                parts = [Head(), .. chunks, "0\r\n\r\n"u8.ToArray()];
                break;
        }

        byte[] Head() => Encoding.Latin1.GetBytes($"{method} {path} {version}\r\n{host}Connection: close\r\n{authorization}{extra}{framing}\r\n");
        parts ??= [[.. Head(), .. Encoding.Latin1.GetBytes(body)]];
        return new Attempt(shape, target, parts, pause, closeSending);
    }

    private static byte[] Huge(int size)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, (byte)' ');
        bytes[0] = (byte)'{';
        bytes[^1] = (byte)'}';
        return bytes;
    }
}
