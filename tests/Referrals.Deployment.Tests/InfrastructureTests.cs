using System.Text.Json.Nodes;

namespace Referrals.Deployment.Tests;

/// <summary>infra/ compiles and lints clean, and the compiled template has the settings the deployment relies on.</summary>
public sealed class InfrastructureTests
{
    private static readonly Lazy<Task<JsonNode>> Template = new(CompileAsync);

    [Fact]
    public async Task The_templates_compile_without_any_warning()
    {
        var (exitCode, output, errors) = await Bicep.RunAsync("build", "main.bicep", "--stdout");

        Assert.True(exitCode == 0 && errors.Trim().Length == 0, $"bicep build exited {exitCode}:\n{errors}");
        Assert.StartsWith("{", output.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_linter_finds_nothing()
    {
        var (exitCode, output, errors) = await Bicep.RunAsync("lint", "main.bicep");

        Assert.True(exitCode == 0 && (output + errors).Trim().Length == 0, $"bicep lint exited {exitCode}:\n{output}{errors}");
    }

    [Fact]
    public async Task Storage_allows_no_shared_keys_and_holds_the_deployment_container()
    {
        var storage = Assert.Single(await ResourcesAsync("Microsoft.Storage/storageAccounts"));

        Assert.False(storage["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(storage["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Single(await ResourcesAsync("Microsoft.Storage/storageAccounts/blobServices/containers"));
    }

    [Fact]
    public async Task Every_event_topic_has_a_queue_that_drops_duplicates_and_dead_letters()
    {
        var queues = Assert.Single(await ResourcesAsync("Microsoft.ServiceBus/namespaces/queues"));
        var resources = Assert.Single(await ResourcesAsync("Microsoft.Resources/deployments"));
        var topics = resources["properties"]!["template"]!["parameters"]!["topics"]!["defaultValue"]!.AsArray().Select(topic => topic!.GetValue<string>());
        var properties = queues["properties"]!;

        Assert.Equal(["conversion-received", "clicks-recorded", "payout-run.approved"], topics);
        Assert.Equal("[length(parameters('topics'))]", queues["copy"]!["count"]!.GetValue<string>());
        Assert.True(properties["requiresDuplicateDetection"]!.GetValue<bool>());
        Assert.Equal("[parameters('duplicateDetectionWindow')]", properties["duplicateDetectionHistoryTimeWindow"]!.GetValue<string>());
        Assert.Equal("[parameters('maxDeliveryCount')]", properties["maxDeliveryCount"]!.GetValue<string>());
        Assert.True(properties["deadLetteringOnMessageExpiration"]!.GetValue<bool>());
        var parameters = resources["properties"]!["template"]!["parameters"]!;
        Assert.Equal("P1D", parameters["duplicateDetectionWindow"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal(5, parameters["maxDeliveryCount"]!["defaultValue"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_function_app_runs_on_flex_consumption_with_its_own_identity()
    {
        var plan = Assert.Single(await ResourcesAsync("Microsoft.Web/serverfarms"));
        var app = Assert.Single(await ResourcesAsync("Microsoft.Web/sites"));
        var config = app["properties"]!["functionAppConfig"]!;

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("functionapp,linux", app["kind"]!.GetValue<string>());
        Assert.Equal("SystemAssigned", app["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("SystemAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Contains("functions", app["tags"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_connects_by_identity_and_reads_its_secrets_from_key_vault()
    {
        var app = Assert.Single(await ResourcesAsync("Microsoft.Web/sites"));
        var settings = app["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(setting => setting!["name"]!.GetValue<string>(), setting => setting!["value"]!.GetValue<string>());
        var vault = Assert.Single(await ResourcesAsync("Microsoft.KeyVault/vaults"));

        Assert.True(vault["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.Contains("AzureWebJobsStorage__accountName", settings.Keys);
        Assert.Contains("ServiceBusConnection__fullyQualifiedNamespace", settings.Keys);
        Assert.DoesNotContain(settings.Values, value => value.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase) || value.Contains("SharedAccessKey", StringComparison.OrdinalIgnoreCase));
        foreach (var secret in (string[])["Referrals__AdminApiKey", "Referrals__IpHashSalt", "Referrals__SecretsKey", "Referrals__DecisionLinkSecret"])
        {
            Assert.StartsWith("[format('@Microsoft.KeyVault(VaultName={0};SecretName=", settings[secret], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_identity_gets_roles_on_storage_service_bus_key_vault_and_telemetry()
    {
        var assignments = await ResourcesAsync("Microsoft.Authorization/roleAssignments");
        var scopes = assignments.Select(assignment => assignment["scope"]!.GetValue<string>()).ToArray();

        Assert.Contains(scopes, scope => scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal));
        Assert.Contains(scopes, scope => scope.Contains("Microsoft.ServiceBus/namespaces", StringComparison.Ordinal));
        Assert.Contains(scopes, scope => scope.Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal));
        Assert.Contains(scopes, scope => scope.Contains("Microsoft.Insights/components", StringComparison.Ordinal));
        Assert.All(assignments, assignment => Assert.Contains("principalId", assignment["properties"]!["principalId"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void Azd_deploys_the_functions_project_as_a_function_app()
    {
        var yaml = File.ReadAllLines(Path.Combine(Bicep.RepositoryRoot, "azure.yaml")).Select(line => line.Trim()).ToArray();

        Assert.Contains("path: infra", yaml);
        Assert.Contains("functions:", yaml);
        Assert.Contains("project: ./src/Referrals.Functions", yaml);
        Assert.Contains("language: dotnet", yaml);
        Assert.Contains("host: function", yaml);
        Assert.True(File.Exists(Path.Combine(Bicep.RepositoryRoot, "src", "Referrals.Functions", "Referrals.Functions.csproj")));
    }

    private static async Task<JsonNode> CompileAsync()
    {
        var (exitCode, output, errors) = await Bicep.RunAsync("build", "main.bicep", "--stdout");
        Assert.True(exitCode == 0, errors);
        return JsonNode.Parse(output)!;
    }

    /// <summary>Every resource of <paramref name="type"/>, in the template and its nested deployments.</summary>
    private static async Task<IReadOnlyList<JsonNode>> ResourcesAsync(string type)
    {
        var found = new List<JsonNode>();
        Collect(await Template.Value, type, found);
        return found;
    }

    private static void Collect(JsonNode template, string type, List<JsonNode> found)
    {
        var resources = template["resources"] switch
        {
            JsonObject byName => byName.Select(entry => entry.Value!),
            JsonArray list => list.Select(entry => entry!),
            _ => [],
        };
        foreach (var resource in resources)
        {
            if (resource["type"]?.GetValue<string>() == type && resource["existing"] is null)
            {
                found.Add(resource);
            }

            if (resource["properties"]?["template"] is { } nested)
            {
                Collect(nested, type, found);
            }
        }
    }
}
