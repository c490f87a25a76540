// The deployment: `azd up` provisions this and deploys both services into it: src/Referrals.Functions
// (the pipeline, a Function App) and src/Referrals.Server (the web front, a Container App).
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region of every resource (one that offers Flex Consumption).')
param location string

@secure()
@description('First admin API key (16 characters or more). Stored in Key Vault.')
param adminApiKey string

@secure()
@description('Salt of visitor IP hashes (16 characters or more). Stored in Key Vault.')
param ipHashSalt string

@secure()
@description('Base64 of 32 random bytes: the key webhook secrets are encrypted with. Stored in Key Vault.')
param secretsKey string

@secure()
@description('Secret (32 characters or more) that signs finance\'s decision links. Stored in Key Vault.')
param decisionLinkSecret string

@description('The deploying principal (azd passes AZURE_PRINCIPAL_ID): data roles for local debugging against the deployed resources.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('What principalId is: a user running azd, or the service principal of a pipeline.')
param principalType string = 'User'

@description('Key Vault purge protection (off by default, so `azd down --purge` frees the name; once on it stays on).')
param keyVaultPurgeProtection bool = false

@description('Origin of links and decision links, e.g. https://go.example.com; the Function App\'s host name when empty.')
param publicBaseUrl string = ''

@description('Where payout run notices with finance\'s decision links are POSTed; none are sent when empty.')
param payoutNotifyUrl string = ''

var tags = { 'azd-env-name': environmentName }

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'referrals-resources'
  scope: group
  params: {
    environmentName: environmentName
    location: location
    tags: tags
    adminApiKey: adminApiKey
    ipHashSalt: ipHashSalt
    secretsKey: secretsKey
    decisionLinkSecret: decisionLinkSecret
    principalId: principalId
    principalType: principalType
    keyVaultPurgeProtection: keyVaultPurgeProtection
    publicBaseUrl: publicBaseUrl
    payoutNotifyUrl: payoutNotifyUrl
  }
}

output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output SERVICE_BUS_NAMESPACE string = resources.outputs.serviceBusNamespace
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.containerRegistryEndpoint
output AZURE_WEB_APP_NAME string = resources.outputs.webAppName
output REFERRALS_FUNCTIONS_URL string = resources.outputs.functionAppUrl
output REFERRALS_WEB_URL string = resources.outputs.webAppUrl
output AZURE_STORAGE_TABLE_ENDPOINT string = resources.outputs.storageTableEndpoint
