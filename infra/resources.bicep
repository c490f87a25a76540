// Both services of the deployment, in one resource group: the Functions app (the pipeline) and the
// server as the web front on Container Apps, over the same storage account and Service Bus namespace.
// Every connection is made with one user-assigned identity whose roles exist before either app does:
// no keys, no connection strings, shared-key access off. Secrets come from Key Vault only.

param environmentName string
param location string
param tags object

@secure()
param adminApiKey string

@secure()
param ipHashSalt string

@secure()
param secretsKey string

@secure()
param decisionLinkSecret string

@description('The deploying user or service principal (azd passes AZURE_PRINCIPAL_ID): data roles for debugging locally against these resources. None when empty.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('What principalId is.')
param principalType string = 'User'

@description('Key Vault purge protection. Off by default so that `azd down --purge` frees the vault\'s name for the next `azd up`; once on it cannot be turned off.')
param keyVaultPurgeProtection bool = false

@description('The origin of links and decision links (a custom domain of the Functions app, e.g. https://go.example.com); the app\'s own host name when empty.')
param publicBaseUrl string = ''

@description('Where payout run notices (with the decision links) are POSTed as JSON (Referrals:Payouts:NotifyUrl); no notices are sent when empty.')
param payoutNotifyUrl string = ''

@description('The web front\'s image: a placeholder until `azd deploy` puts the server\'s there.')
param webImage string = 'mcr.microsoft.com/dotnet/samples:aspnetapp'

@description('The event topics of Referrals.Core (Topics): one Service Bus queue each.')
param topics array = [
  'conversion-received'
  'clicks-recorded'
  'payout-run.approved'
]

@description('A replay of the same event (same message id) within this window is dropped by Service Bus.')
param duplicateDetectionWindow string = 'P1D'

@description('Deliveries of a message before it moves to the dead-letter queue (as the Storage queues\' MaxDequeueCount).')
param maxDeliveryCount int = 5

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var deploymentContainer = 'app-package'
var functionAppName = 'func-${token}'
var webAppName = 'web-${token}'
var functionsOrigin = empty(publicBaseUrl) ? 'https://${functionAppName}.azurewebsites.net' : publicBaseUrl

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  acrPull: '7f951dca-4a1a-4f48-a4a5-3a4aa9ce5e96'
}

// The one identity of both apps. Its roles below are created before either app (dependsOn), so the
// first start does not race the propagation of a new identity's roles.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${token}'
  location: location
  tags: tags
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${token}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource packages 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainer
}

resource bus 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: 'sb-${token}'
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [for topic in topics: {
  parent: bus
  name: topic
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P14D'
    lockDuration: 'PT1M'
  }
}]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${token}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // Only true or absent is accepted: a vault cannot have purge protection turned off.
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

var secrets = {
  'admin-api-key': adminApiKey
  'ip-hash-salt': ipHashSalt
  'secrets-key': secretsKey
  'decision-link-key': decisionLinkSecret
}

resource vaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in items(secrets): {
  parent: vault
  name: secret.key
  properties: { value: secret.value }
}]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${token}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

// Settings of both apps: the shared storage, Service Bus and telemetry through the identity, and the
// origins: links and decision links lead to the Functions app, the pages are the web front's.
var sharedSettings = [
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
  { name: 'ConnectionStrings__Storage', value: storage.properties.primaryEndpoints.table }
  { name: 'ServiceBusConnection__fullyQualifiedNamespace', value: '${bus.name}.servicebus.windows.net' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
  { name: 'Referrals__PublicBaseUrl', value: functionsOrigin }
  { name: 'Referrals__WebBaseUrl', value: 'https://${webAppName}.${environment.properties.defaultDomain}' }
]

// The secrets, by the setting that takes each; both apps read them from Key Vault with the identity.
var secretSettings = {
  Referrals__AdminApiKey: 'admin-api-key'
  Referrals__IpHashSalt: 'ip-hash-salt'
  Referrals__SecretsKey: 'secrets-key'
  Referrals__DecisionLinkSecret: 'decision-link-key'
}

var functionSecretSettings = [for setting in items(secretSettings): {
  name: setting.key
  value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${setting.value})'
}]

var webSecretSettings = [for setting in items(secretSettings): { name: setting.key, secretRef: setting.value }]

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
      scaleAndConcurrency: {
        maximumInstanceCount: 100
        instanceMemoryMB: 2048
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(sharedSettings, functionSecretSettings, [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'ServiceBusConnection__credential', value: 'managedidentity' }
        { name: 'ServiceBusConnection__clientId', value: identity.properties.clientId }
        // The Functions app sends the run notices: its orchestration asks finance for the decision.
        { name: 'Referrals__Payouts__NotifyUrl', value: payoutNotifyUrl }
      ])
    }
  }
  dependsOn: [packages, vaultSecrets, storageAccess, busAccess, vaultAccess, telemetryAccess]
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'cae-${token}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'cr${token}'
  location: location
  tags: tags
  sku: { name: 'Basic' }
  properties: { adminUserEnabled: false }
}

resource registryAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, roles.acrPull)
  scope: registry
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.acrPull)
  }
}

resource web 'Microsoft.App/containerApps@2024-03-01' = {
  name: webAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      registries: [{ server: registry.properties.loginServer, identity: identity.id }]
      secrets: [for setting in items(secretSettings): {
        name: setting.value
        keyVaultUrl: '${vault.properties.vaultUri}secrets/${setting.value}'
        identity: identity.id
      }]
    }
    template: {
      containers: [{
        name: 'web'
        image: webImage
        resources: { cpu: json('0.5'), memory: '1Gi' }
        // The pages and the key API over the same tables and Service Bus, with the server's Storage-queue
        // workers and payout scheduler off: the Functions app does that work.
        env: concat(sharedSettings, webSecretSettings, [
          { name: 'Referrals__RunWorkers', value: 'false' }
          { name: 'Referrals__Payouts__RunScheduler', value: 'false' }
        ])
      }]
      scale: {
        minReplicas: 0
        maxReplicas: 1
        rules: [{ name: 'http', http: { metadata: { concurrentRequests: '50' } } }]
      }
    }
  }
  dependsOn: [vaultSecrets, storageAccess, busAccess, vaultAccess, telemetryAccess, registryAccess]
}

var storageRoles = [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in storageRoles: {
  name: guid(storage.id, identity.id, role)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

var busRoles = [roles.serviceBusDataSender, roles.serviceBusDataReceiver]

resource busAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in busRoles: {
  name: guid(bus.id, identity.id, role)
  scope: bus
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource vaultAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource telemetryAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

// The deploying principal's data roles: the README's local debugging against the deployed resources.
resource developerStorageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in (empty(principalId) ? [] : storageRoles): {
  name: guid(storage.id, principalId, role)
  scope: storage
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource developerBusAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(bus.id, principalId, roles.serviceBusDataOwner)
  scope: bus
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataOwner)
  }
}

resource developerVaultAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
  }
}

output functionAppName string = app.name
output functionAppUrl string = functionsOrigin
output webAppName string = web.name
output webAppUrl string = 'https://${web.properties.configuration.ingress.fqdn}'
output containerRegistryEndpoint string = registry.properties.loginServer
output storageTableEndpoint string = storage.properties.primaryEndpoints.table
output keyVaultName string = vault.name
output serviceBusNamespace string = bus.name
