using System.Net;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using Referrals.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>
/// The running server's API description as tools take it: Redocly's recommended lint passes clean, and
/// clients generated from it (TypeScript and C#) compile, with code that calls operations by their
/// names, so a renamed or dropped operation fails here before it breaks a shop's build.
/// </summary>
public sealed class ApiContractTests(ITestOutputHelper output) : ServerTest
{
    /// <summary>Operations a client is sure to use, by their operation names.</summary>
    private static readonly string[] UsedOperations =
    [
        "CreateProgram", "ListPrograms", "GetProgram", "AddPartner", "ListPartners", "CreateLink", "UpdateLink", "RetireLink",
        "RecordConversion", "ListConversions", "ListCommissions", "StartPayoutRun", "ListPayoutRuns", "GetPayoutRun", "ListChanges",
    ];

    [Fact]
    public async Task Description_passes_the_recommended_lint_without_errors_or_warnings()
    {
        using var folder = new TemporaryFolder();
        await SaveDocumentAsync(folder.Path);
        foreach (var file in new[] { "redocly.yaml", ".redocly.lint-ignore.yaml" })
        {
            File.Copy(Path.Combine(NodeCli.RepositoryRoot, file), Path.Combine(folder.Path, file));
        }

        var (exitCode, lint) = await NodeCli.RunAsync("redocly", folder.Path, "lint", "openapi.json", "--max-problems=200");

        output.WriteLine(lint);
        Assert.True(exitCode == 0, lint);
        Assert.Contains("Woohoo! Your API description is valid.", lint, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"You have \d+ warnings?", lint);
    }

    [Fact]
    public async Task Typescript_client_generates_and_type_checks()
    {
        using var folder = new TemporaryFolder();
        var document = await SaveDocumentAsync(folder.Path);
        var schema = Path.Combine(folder.Path, "schema.d.ts");

        var generate = await NodeCli.RunAsync("openapi-typescript", folder.Path, document, "--output", schema);
        Assert.True(generate.ExitCode == 0, generate.Output);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "client.ts"), string.Join('\n',
        [
            "import type { operations, paths } from \"./schema\";",
            .. UsedOperations.Select(name => $"export type {name} = operations[\"{name}\"];"),
            "type ProgramList = paths[\"/api/v1/programs\"][\"get\"][\"responses\"][200][\"content\"][\"application/json\"];",
            "export const first = (list: ProgramList): string | undefined => list[0]?.id;",
            "type PartnerQuery = NonNullable<operations[\"ListPartners\"][\"parameters\"][\"query\"]>;",
            "export const query: PartnerQuery = { status: \"active\", limit: 2 };",
            string.Empty,
        ]));
        var check = await NodeCli.RunAsync("tsc", folder.Path, "--noEmit", "--strict", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler", "client.ts");

        output.WriteLine(check.Output);
        Assert.True(check.ExitCode == 0, check.Output);
    }

    [Fact]
    public async Task Csharp_client_generates_and_compiles()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(await DocumentTextAsync());
        var generator = new CSharpClientGenerator(document, new CSharpClientGeneratorSettings
        {
            ClassName = "ReferralsClient",
            CSharpGeneratorSettings = { Namespace = "Shop.Referrals", JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson },
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        });
        var code = generator.GenerateFile();
        var usage = "namespace Shop.Referrals { internal static class Uses { internal static readonly string[] Names = ["
            + string.Join(", ", UsedOperations.Select(name => $"nameof(ReferralsClient.{name}Async)")) + "]; } }";

        var compilation = CSharpCompilation.Create(
            "Shop.Referrals.Client",
            [CSharpSyntaxTree.ParseText(code), CSharpSyntaxTree.ParseText(usage)],
            PlatformReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        var result = compilation.Emit(assembly);

        var errors = result.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Select(diagnostic => diagnostic.ToString()).ToArray();
        output.WriteLine($"generated {code.Length} characters, {errors.Length} errors");
        Assert.True(result.Success, string.Join(Environment.NewLine, errors.Take(30)));
    }

    private static IEnumerable<MetadataReference> PlatformReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Where(path => Path.GetDirectoryName(path) == RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar))
            .Select(path => MetadataReference.CreateFromFile(path));

    // The description names the public base URL as its server, as it does behind a proxy in production.
    protected override ReferralsApp CreateApp(Referrals.Storage.Tests.AzuriteFixture azurite) =>
        new(azurite, new Dictionary<string, string?> { ["Referrals:PublicBaseUrl"] = "https://referrals.shop.test/" });

    private async Task<string> DocumentTextAsync()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> SaveDocumentAsync(string folder)
    {
        var path = Path.Combine(folder, "openapi.json");
        await File.WriteAllTextAsync(path, await DocumentTextAsync());
        return path;
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "referrals-api-" + Guid.NewGuid().ToString("N"))).FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
