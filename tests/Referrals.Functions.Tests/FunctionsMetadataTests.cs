using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Referrals.Functions.Tests;

/// <summary>
/// The <c>functions.metadata</c> the Functions SDK built is what the host indexes: a function missing
/// from it, or with another route, method or schedule, is not served as intended whatever the code says.
/// It is compared with <c>expected-functions.txt</c>, so a change to the app's surface is a reviewed change.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private const string ServiceBusMarker = "[ServiceBusTriggers] ";

    private static readonly string OutputFolder = Path.GetDirectoryName(typeof(FunctionsHost).Assembly.Location)!;

    [Fact]
    public void The_built_metadata_lists_every_expected_function_with_its_trigger_route_and_methods()
    {
        var expected = ExpectedFunctions(withServiceBusTriggers: BuildIncludesServiceBusTriggers());

        var built = BuiltFunctions().Select(function => function.Line).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, built);
    }

    [Fact]
    public void Every_function_in_the_metadata_is_a_method_of_the_built_assembly_carrying_its_name()
    {
        var assembly = typeof(FunctionsHost).Assembly;

        foreach (var function in BuiltFunctions())
        {
            var lastDot = function.EntryPoint.LastIndexOf('.');
            var type = assembly.GetType(function.EntryPoint[..lastDot]);
            Assert.True(type is not null, $"{function.Name}: no type for entry point {function.EntryPoint}");
            var method = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .SingleOrDefault(method => method.Name == function.EntryPoint[(lastDot + 1)..] && method.GetCustomAttribute<FunctionAttribute>()?.Name == function.Name);
            Assert.True(method is not null, $"{function.Name}: {function.EntryPoint} carries no [Function(\"{function.Name}\")]");
        }
    }

    [Fact]
    public void The_expected_list_is_sorted_by_name_and_names_each_function_once()
    {
        var names = ExpectedFunctions(withServiceBusTriggers: true).Select(line => line.Split(' ')[0]).ToArray();

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.Distinct(StringComparer.Ordinal), names);
    }

    /// <summary>
    /// Whether this build has the Service Bus-triggered functions (built without <c>-p:ServiceBusTriggers=false</c>):
    /// the app then depends on the Service Bus worker extension, as its dependency manifest records.
    /// </summary>
    private static bool BuildIncludesServiceBusTriggers()
    {
        var manifest = Path.Combine(OutputFolder, "Referrals.Functions.deps.json");
        Assert.True(File.Exists(manifest), $"{manifest} is missing: the Functions app's build output is not next to its assembly.");
        using var deps = JsonDocument.Parse(File.ReadAllText(manifest));
        return deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Any(library => library.Name.StartsWith("Microsoft.Azure.Functions.Worker.Extensions.ServiceBus/", StringComparison.Ordinal));
    }

    private static string[] ExpectedFunctions(bool withServiceBusTriggers, [CallerFilePath] string thisFile = "") =>
        File.ReadAllLines(Path.Combine(Path.GetDirectoryName(thisFile)!, "expected-functions.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Where(line => withServiceBusTriggers || !line.StartsWith(ServiceBusMarker, StringComparison.Ordinal))
            .Select(line => line.StartsWith(ServiceBusMarker, StringComparison.Ordinal) ? line[ServiceBusMarker.Length..] : line)
            .ToArray();

    /// <summary>Each function of the built <c>functions.metadata</c> with its line in the form of <c>expected-functions.txt</c>.</summary>
    private static IReadOnlyList<BuiltFunction> BuiltFunctions()
    {
        var path = Path.Combine(OutputFolder, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the Functions SDK writes it when it builds the app.");
        using var metadata = JsonDocument.Parse(File.ReadAllText(path));
        return metadata.RootElement.EnumerateArray().Select(function =>
        {
            var name = function.GetProperty("name").GetString()!;
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(binding => binding.GetProperty("direction").GetString() == "In" && binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            var route = Text(trigger, "route") ?? Text(trigger, "queueName") ?? "-";
            var last = trigger.TryGetProperty("methods", out var methods)
                ? string.Join(',', methods.EnumerateArray().Select(method => method.GetString()))
                : Text(trigger, "schedule") ?? "-";
            return new BuiltFunction(name, function.GetProperty("entryPoint").GetString()!, $"{name} {trigger.GetProperty("type").GetString()} {route} {last}");
        }).ToArray();
    }

    private static string? Text(JsonElement binding, string property) =>
        binding.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record BuiltFunction(string Name, string EntryPoint, string Line);
}
