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
    public async Task The_function_app_runs_on_flex_consumption_with_the_user_assigned_identity()
    {
        var plan = Assert.Single(await ResourcesAsync("Microsoft.Web/serverfarms"));
        var app = Assert.Single(await ResourcesAsync("Microsoft.Web/sites"));
        var config = app["properties"]!["functionAppConfig"]!;

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("functionapp,linux", app["kind"]!.GetValue<string>());
        Assert.Equal("UserAssigned", app["identity"]!["type"]!.GetValue<string>());
        Assert.Contains(app["identity"]!["userAssignedIdentities"]!.AsObject(), entry => entry.Key.Contains(IdentityId[1..^1], StringComparison.Ordinal));
        Assert.Equal(IdentityId, app["properties"]!["keyVaultReferenceIdentity"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal(IdentityId, config["deployment"]!["storage"]!["authentication"]!["userAssignedIdentityResourceId"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Contains("'azd-service-name', 'functions'", app["tags"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_web_front_is_a_container_app_that_scales_to_zero_with_the_identity_and_its_workers_off()
    {
        var web = Assert.Single(await ResourcesAsync("Microsoft.App/containerApps"));
        Assert.Single(await ResourcesAsync("Microsoft.App/managedEnvironments"));
        Assert.Single(await ResourcesAsync("Microsoft.ContainerRegistry/registries"));
        var properties = web["properties"]!;
        var settings = Settings(properties["template"]!["containers"]![0]!["env"]!.GetValue<string>());

        Assert.Contains("'azd-service-name', 'web'", web["tags"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("UserAssigned", web["identity"]!["type"]!.GetValue<string>());
        Assert.Equal(0, properties["template"]!["scale"]!["minReplicas"]!.GetValue<int>());
        Assert.True(properties["configuration"]!["ingress"]!["external"]!.GetValue<bool>());
        Assert.Equal(8080, properties["configuration"]!["ingress"]!["targetPort"]!.GetValue<int>());
        Assert.Equal(IdentityId, properties["configuration"]!["registries"]![0]!["identity"]!.GetValue<string>());
        Assert.Equal("'false'", settings["Referrals__RunWorkers"]);
        Assert.Equal("'false'", settings["Referrals__Payouts__RunScheduler"]);
        Assert.Contains("primaryEndpoints.table", settings["ConnectionStrings__Storage"], StringComparison.Ordinal);
        Assert.Contains("servicebus.windows.net", settings["ServiceBusConnection__fullyQualifiedNamespace"], StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentities", settings["AZURE_CLIENT_ID"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_apps_read_every_secret_from_key_vault_with_the_identity_and_hold_no_key()
    {
        var template = await NestedTemplateAsync();
        var app = Assert.Single(await ResourcesAsync("Microsoft.Web/sites"));
        var web = Assert.Single(await ResourcesAsync("Microsoft.App/containerApps"));
        var vault = Assert.Single(await ResourcesAsync("Microsoft.KeyVault/vaults"));
        var appSettings = app["properties"]!["siteConfig"]!["appSettings"]!.GetValue<string>();
        var webSettings = web["properties"]!["template"]!["containers"]![0]!["env"]!.GetValue<string>();
        var secretSettings = template["variables"]!["secretSettings"]!.AsObject().Select(entry => entry.Key).ToArray();
        var copies = template["variables"]!["copy"]!.AsArray().ToDictionary(copy => copy!["name"]!.GetValue<string>(), copy => copy!["input"]!.ToJsonString());
        var webSecrets = web["properties"]!["configuration"]!["copy"]!.AsArray().Single(copy => copy!["name"]!.GetValue<string>() == "secrets")!["input"]!;

        Assert.True(vault["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.Equal(["Referrals__AdminApiKey", "Referrals__IpHashSalt", "Referrals__SecretsKey", "Referrals__DecisionLinkSecret"], secretSettings);
        Assert.Contains("variables('functionSecretSettings')", appSettings, StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(VaultName={0};SecretName={1})", copies["functionSecretSettings"], StringComparison.Ordinal);
        Assert.Contains("variables('webSecretSettings')", webSettings, StringComparison.Ordinal);
        Assert.Contains("secretRef", copies["webSecretSettings"], StringComparison.Ordinal);
        Assert.Contains("secrets/{1}", webSecrets["keyVaultUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(IdentityId, webSecrets["identity"]!.GetValue<string>());
        foreach (var settings in (string[])[appSettings, webSettings])
        {
            Assert.DoesNotContain("AccountKey=", settings, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessKey", settings, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secretSettings, secret => settings.Contains($"'{secret}'", StringComparison.Ordinal));
        }

        var functionSettings = Settings(appSettings);
        Assert.Equal("'managedidentity'", functionSettings["AzureWebJobsStorage__credential"]);
        Assert.Contains("userAssignedIdentities", functionSettings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentities", functionSettings["ServiceBusConnection__clientId"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_apps_know_where_links_lead_and_the_pages_are_and_the_functions_app_sends_the_notices()
    {
        var template = await NestedTemplateAsync();
        var functionSettings = Settings(Assert.Single(await ResourcesAsync("Microsoft.Web/sites"))["properties"]!["siteConfig"]!["appSettings"]!.GetValue<string>());
        var webSettings = Settings(Assert.Single(await ResourcesAsync("Microsoft.App/containerApps"))["properties"]!["template"]!["containers"]![0]!["env"]!.GetValue<string>());
        var origin = template["variables"]!["functionsOrigin"]!.GetValue<string>();
        var parameters = File.ReadAllText(Bicep.InfraFile("main.parameters.json"));

        foreach (var settings in (IReadOnlyDictionary<string, string>[])[functionSettings, webSettings])
        {
            Assert.Equal("variables('functionsOrigin')", settings["Referrals__PublicBaseUrl"]);
            Assert.Contains("variables('webAppName')", settings["Referrals__WebBaseUrl"], StringComparison.Ordinal);
            Assert.Contains("defaultDomain", settings["Referrals__WebBaseUrl"], StringComparison.Ordinal);
        }

        Assert.Equal("[if(empty(parameters('publicBaseUrl')), format('https://{0}.azurewebsites.net', variables('functionAppName')), parameters('publicBaseUrl'))]", origin);
        Assert.Equal("parameters('payoutNotifyUrl')", functionSettings["Referrals__Payouts__NotifyUrl"]);
        Assert.DoesNotContain("Referrals__Payouts__NotifyUrl", webSettings.Keys);
        Assert.Contains("\"payoutNotifyUrl\": { \"value\": \"${REFERRALS_PAYOUT_NOTIFY_URL}\" }", parameters, StringComparison.Ordinal);
        Assert.Contains("\"publicBaseUrl\": { \"value\": \"${REFERRALS_PUBLIC_BASE_URL}\" }", parameters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_identity_gets_its_roles_before_either_app_is_created()
    {
        var assignments = (await ResourcesAsync("Microsoft.Authorization/roleAssignments"))
            .Where(assignment => assignment["properties"]!["principalId"]!.GetValue<string>().Contains(IdentityId[1..^1], StringComparison.Ordinal))
            .ToArray();
        var template = await NestedTemplateAsync();
        string Role(JsonNode assignment) => assignment["properties"]!["roleDefinitionId"]!.GetValue<string>();
        string Scope(JsonNode assignment) => assignment["scope"]!.GetValue<string>();
        string[] Loop(string variable) => [.. template["variables"]![variable]!.AsArray().Select(role => role!.GetValue<string>().Replace("[variables('roles').", string.Empty, StringComparison.Ordinal).TrimEnd(']'))];

        var storage = assignments.Single(a => Scope(a).Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal));
        var bus = assignments.Single(a => Scope(a).Contains("Microsoft.ServiceBus/namespaces", StringComparison.Ordinal));
        Assert.Equal("storageAccess", storage["copy"]!["name"]!.GetValue<string>());
        Assert.Contains("variables('storageRoles')", Role(storage), StringComparison.Ordinal);
        Assert.Equal(["storageBlobDataOwner", "storageQueueDataContributor", "storageTableDataContributor"], Loop("storageRoles"));
        Assert.Equal("busAccess", bus["copy"]!["name"]!.GetValue<string>());
        Assert.Equal(["serviceBusDataSender", "serviceBusDataReceiver"], Loop("busRoles"));
        var single = assignments.Where(a => a["copy"] is null).ToDictionary(a => Role(a), a => a);
        Assert.Equal(
            ["acrPull", "keyVaultSecretsUser", "monitoringMetricsPublisher"],
            single.Keys.Select(role => role.Replace("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('roles').", string.Empty, StringComparison.Ordinal).TrimEnd(']', ')')).Order(StringComparer.Ordinal));

        foreach (var app in (await ResourcesAsync("Microsoft.Web/sites")).Concat(await ResourcesAsync("Microsoft.App/containerApps")))
        {
            var dependsOn = app["dependsOn"]!.AsArray().Select(entry => entry!.GetValue<string>()).ToArray();
            Assert.Contains("storageAccess", dependsOn);
            Assert.Contains("busAccess", dependsOn);
            foreach (var role in new[] { "keyVaultSecretsUser", "monitoringMetricsPublisher" })
            {
                Assert.Contains(dependsOn, entry => entry.Contains($"'Microsoft.Authorization/roleAssignments'", StringComparison.Ordinal) && entry.Contains($"variables('roles').{role}", StringComparison.Ordinal));
            }
        }

        var web = Assert.Single(await ResourcesAsync("Microsoft.App/containerApps"));
        Assert.Contains(web["dependsOn"]!.AsArray(), entry => entry!.GetValue<string>().Contains("variables('roles').acrPull", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_deploying_principal_gets_data_roles_when_azd_names_it()
    {
        var assignments = (await ResourcesAsync("Microsoft.Authorization/roleAssignments"))
            .Where(assignment => assignment["properties"]!["principalId"]!.GetValue<string>() == "[parameters('principalId')]")
            .ToArray();
        var parameters = File.ReadAllText(Bicep.InfraFile("main.parameters.json"));

        Assert.Equal(3, assignments.Length);
        var storage = assignments.Single(a => a["scope"]!.GetValue<string>().Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal));
        Assert.Contains("if(empty(parameters('principalId')), createArray(), variables('storageRoles'))", storage["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal);
        var bus = assignments.Single(a => a["scope"]!.GetValue<string>().Contains("Microsoft.ServiceBus/namespaces", StringComparison.Ordinal));
        Assert.Contains("serviceBusDataOwner", bus["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal);
        var vault = assignments.Single(a => a["scope"]!.GetValue<string>().Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal));
        Assert.Contains("keyVaultSecretsOfficer", vault["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All([bus, vault], a => Assert.Equal("[not(empty(parameters('principalId')))]", a["condition"]!.GetValue<string>()));
        Assert.All(assignments, a => Assert.Equal("[parameters('principalType')]", a["properties"]!["principalType"]!.GetValue<string>()));
        Assert.Contains("\"principalId\": { \"value\": \"${AZURE_PRINCIPAL_ID}\" }", parameters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_vault_purge_protection_is_off_unless_asked_for()
    {
        var vault = Assert.Single(await ResourcesAsync("Microsoft.KeyVault/vaults"));
        var template = await NestedTemplateAsync();

        Assert.Equal("[if(parameters('keyVaultPurgeProtection'), true(), null())]", vault["properties"]!["enablePurgeProtection"]!.GetValue<string>());
        Assert.False(template["parameters"]!["keyVaultPurgeProtection"]!["defaultValue"]!.GetValue<bool>());
        Assert.True(vault["properties"]!["enableSoftDelete"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Azd_finds_two_services_the_function_app_and_the_web_front_built_without_a_dockerfile()
    {
        var yaml = File.ReadAllLines(Path.Combine(Bicep.RepositoryRoot, "azure.yaml"));
        var services = yaml.SkipWhile(line => line != "services:").Skip(1).Where(line => line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("    ", StringComparison.Ordinal)).Select(line => line.Trim()).ToArray();
        var trimmed = yaml.Select(line => line.Trim()).ToArray();
        var outputs = (await Template.Value)["outputs"]!.AsObject().Select(output => output.Key).ToArray();

        Assert.Equal(["functions:", "web:"], services);
        Assert.Contains("path: infra", trimmed);
        Assert.Contains("project: ./src/Referrals.Functions", trimmed);
        Assert.Contains("host: function", trimmed);
        Assert.Contains("project: ./src/Referrals.Server", trimmed);
        Assert.Contains("host: containerapp", trimmed);
        Assert.DoesNotContain(trimmed, line => line.StartsWith("docker:", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(Bicep.RepositoryRoot, "src", "Referrals.Server", "Dockerfile")));
        Assert.Contains("AZURE_CONTAINER_REGISTRY_ENDPOINT", outputs);
        Assert.Contains("REFERRALS_WEB_URL", outputs);
        Assert.Contains("REFERRALS_FUNCTIONS_URL", outputs);
    }

    /// <summary>The user-assigned identity's resource id, as the compiled template names it.</summary>
    private const string IdentityId = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', format('id-{0}', variables('token')))]";

    /// <summary>
    /// The settings of a compiled settings list (<c>concat(createArray(createObject('name', …, 'value', …), …))</c>):
    /// each name with its value's expression.
    /// </summary>
    private static Dictionary<string, string> Settings(string expression)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in expression.Split("createObject('name', '", StringSplitOptions.None).Skip(1))
        {
            var name = part[..part.IndexOf('\'', StringComparison.Ordinal)];
            var value = part[(name.Length + 1)..].TrimStart(',', ' ');
            value = value.StartsWith("'value', ", StringComparison.Ordinal) ? value["'value', ".Length..] : value;
            settings[name] = Balanced(value);
        }

        return settings;
    }

    // The value's expression up to the parenthesis that closes its createObject.
    private static string Balanced(string text)
    {
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\'':
                    quoted = !quoted;
                    break;
                case '(' when !quoted:
                    depth++;
                    break;
                case ')' when !quoted && depth == 0:
                    return text[..i];
                case ')' when !quoted:
                    depth--;
                    break;
            }
        }

        return text;
    }

    private static async Task<JsonNode> NestedTemplateAsync() =>
        Assert.Single(await ResourcesAsync("Microsoft.Resources/deployments"))["properties"]!["template"]!;

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
