using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Api.Http;

namespace Referrals.Api.Reconciliation;

/// <summary>
/// The uploaded export, spooled to a temporary file that is deleted when closed: it is read twice (first
/// to check every row, then to compare), and never held in memory.
/// </summary>
public sealed class ExportUpload : IAsyncDisposable
{
    /// <summary>The largest export taken: a few hundred thousand rows of Stripe's widest layout.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    private readonly FileStream _file;

    private ExportUpload(FileStream file) => _file = file;

    public long Length => _file.Length;

    /// <summary>Copies the request body to a temporary file, or answers why not (too large, empty, broken framing).</summary>
    public static async Task<(ExportUpload? Upload, ProblemHttpResult? Problem)> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }

        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var upload = new ExportUpload(file);
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (file.Length + read > MaxBytes)
                {
                    await upload.DisposeAsync();
                    return (null, TooLarge());
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await upload.DisposeAsync();
            return (null, TooLarge());
        }
        catch (IOException)
        {
            await upload.DisposeAsync();
            return (null, RequestBody.Unreadable());
        }

        if (file.Length == 0)
        {
            await upload.DisposeAsync();
            return (null, Problems.BadRequest("The request body is empty; send the provider's export."));
        }

        return (upload, null);
    }

    /// <summary>A reader from the start of the file, strict UTF-8, a byte-order mark allowed.</summary>
    public TextReader Open()
    {
        _file.Position = 0;
        return new StreamReader(_file, ExportReader.Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 81920, leaveOpen: true);
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    private static ProblemHttpResult TooLarge() =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"An export may be at most {MaxBytes / (1024 * 1024)} MiB; split it by date range.");
}
