using System.Diagnostics;

namespace Referrals.Deployment.Tests;

/// <summary>A Functions app built without its Service Bus triggers would take conversions and never attribute them: it must not publish.</summary>
public sealed class FunctionsPublishTests
{
    [Fact]
    public async Task Publishing_the_functions_app_without_its_service_bus_triggers_fails_and_names_them()
    {
        var project = Path.Combine(Bicep.RepositoryRoot, "src", "Referrals.Functions", "Referrals.Functions.csproj");
        var output = Path.Combine(Path.GetTempPath(), "referrals-publish-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-p:ServiceBusTriggers=false", "-o", output, "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout + await stderr;

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("leaves out the Service Bus-triggered functions (Attribution, ProjectClicks", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFiles(output, "Referrals.Functions.dll").Any(), "Nothing is laid out for deployment.");
    }
}
