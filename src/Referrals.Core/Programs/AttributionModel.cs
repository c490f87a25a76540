namespace Referrals.Core.Programs;

/// <summary>Which click wins when a buyer clicked several partners' links.</summary>
public enum AttributionModel
{
    LastClick,
    FirstClick,
}
