<?xml version="1.0" encoding="UTF-8"?>
<!--
  de-aerztekammer-v1: the hub's hub:Delivery to the chamber's Zustellung.
  Input: a hub:Delivery valid against hub-v1.xsd: the sender's signed env:Envelope or the hub's
  hub:Notice, and the reading in the chamber's language. Output: a Zustellung that the hub
  validates against dialect.xsd, with the delivered envelope or notice copied unchanged into
  Original (the hub checks that it is), so that the sender's signature stays checkable.
  What the dialect has no field for (an alert's Audience, Extensions) is only in Original.
  A message type, notice kind or reason the chamber has no name for leaves its element empty,
  which dialect.xsd refuses: nothing is delivered half-translated. Anything other than a
  hub:Delivery is refused with ak:NUR_ZUSTELLUNG.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:hub="urn:imi-hub:hub:v1"
                xmlns:env="urn:imi-hub:envelope:v1"
                xmlns:ak="urn:example:de-aerztekammer:v1"
                xmlns="urn:example:de-aerztekammer:v1"
                exclude-result-prefixes="#all"
                expand-text="yes">

  <!-- No indentation: Original must keep every character the sender signed. -->
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="message-types" as="map(xs:string, xs:string)" select="map {
      'REQUEST': 'ERSUCHEN',
      'ACCEPT': 'ANNAHME',
      'DECLINE': 'ABLEHNUNG',
      'PROPOSE_REPLY_BY': 'FRISTVORSCHLAG',
      'ACCEPT_REPLY_BY': 'FRISTZUSTIMMUNG',
      'ANSWER': 'ANTWORT',
      'REQUEST_MORE_INFO': 'RUECKFRAGE',
      'ACCEPT_ANSWER': 'ANTWORTANNAHME',
      'WITHDRAW': 'RUECKNAHME',
      'FORWARD': 'WEITERLEITUNG',
      'ALERT': 'WARNMELDUNG',
      'ALERT_UPDATE': 'WARNMELDUNG_AKTUALISIERUNG',
      'ALERT_COMMENT': 'WARNMELDUNG_KOMMENTAR',
      'ALERT_DISSEMINATE': 'WARNMELDUNG_WEITERGABE',
      'ALERT_WITHDRAW': 'WARNMELDUNG_RUECKNAHME',
      'ALERT_CLOSE': 'WARNMELDUNG_ABSCHLUSS' }"/>

  <xsl:variable name="notice-kinds" as="map(xs:string, xs:string)" select="map {
      'REMINDER': 'ERINNERUNG',
      'ESCALATION': 'ESKALATION' }"/>

  <xsl:variable name="notice-reasons" as="map(xs:string, xs:string)" select="map {
      'ACCEPTANCE_DUE': 'ANNAHME_FAELLIG',
      'REPLY_DUE': 'ANTWORT_FAELLIG',
      'ACCEPTANCE_OVERDUE': 'ANNAHME_UEBERFAELLIG',
      'REPLY_OVERDUE': 'ANTWORT_UEBERFAELLIG',
      'INACTIVE': 'UNTAETIG' }"/>

  <xsl:variable name="translations" as="map(xs:string, xs:string)" select="map {
      'MACHINE': 'MASCHINELL',
      'PENDING': 'AUSSTEHEND',
      'UNAVAILABLE': 'NICHT_VERFUEGBAR' }"/>

  <xsl:template match="/hub:Delivery">
    <Zustellung>
      <Zustellnummer>{normalize-space(hub:DeliveryId)}</Zustellnummer>
      <Empfaenger>{normalize-space(hub:Recipient)}</Empfaenger>
      <Gesendet>{normalize-space(hub:SentAt)}</Gesendet>
      <xsl:apply-templates select="env:Envelope | hub:Notice"/>
      <xsl:apply-templates select="hub:Reading"/>
      <Original>
        <xsl:copy-of select="env:Envelope | hub:Notice"/>
      </Original>
    </Zustellung>
  </xsl:template>

  <xsl:template match="env:Envelope">
    <Nachricht>
      <xsl:apply-templates select="env:Header"/>
      <xsl:where-populated>
        <Fragen>
          <xsl:for-each select="env:Body/env:Question">
            <Frage code="{normalize-space(@code)}"/>
          </xsl:for-each>
        </Fragen>
      </xsl:where-populated>
      <xsl:where-populated>
        <Antworten>
          <xsl:apply-templates select="env:Body/env:Answer"/>
        </Antworten>
      </xsl:where-populated>
      <xsl:for-each select="env:Body/env:FreeText">
        <Freitext sprache="{normalize-space(@lang)}">{.}</Freitext>
      </xsl:for-each>
      <xsl:where-populated>
        <Anlagen>
          <xsl:apply-templates select="env:Attachments/env:Attachment"/>
        </Anlagen>
      </xsl:where-populated>
    </Nachricht>
  </xsl:template>

  <xsl:template match="env:Header">
    <Nachrichtennummer>{normalize-space(env:MessageId)}</Nachrichtennummer>
    <Vorgangsnummer>{normalize-space(env:ExchangeId)}</Vorgangsnummer>
    <xsl:for-each select="env:InReplyTo">
      <Bezugsnachricht>{normalize-space()}</Bezugsnachricht>
    </xsl:for-each>
    <xsl:for-each select="env:LinkedExchangeId">
      <VerknuepfterVorgang>{normalize-space()}</VerknuepfterVorgang>
    </xsl:for-each>
    <Verfahren>{normalize-space(env:ProcedureCode)}</Verfahren>
    <Nachrichtentyp>{$message-types(normalize-space(env:MessageType))}</Nachrichtentyp>
    <Absender>{normalize-space(env:Sender)}</Absender>
    <xsl:for-each select="env:Recipient">
      <Empfaenger>{normalize-space()}</Empfaenger>
    </xsl:for-each>
    <Erstellt>{normalize-space(env:CreatedAt)}</Erstellt>
    <Sprache>{normalize-space(env:Language)}</Sprache>
    <xsl:for-each select="env:ReplyBy">
      <Antwortfrist>{normalize-space()}</Antwortfrist>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="env:Answer">
    <Antwort frage="{normalize-space(@questionCode)}">
      <xsl:apply-templates select="*"/>
    </Antwort>
  </xsl:template>

  <xsl:template match="env:Answer/env:YesNo">
    <JaNein>{if (xs:boolean(normalize-space(.))) then 'ja' else 'nein'}</JaNein>
  </xsl:template>

  <xsl:template match="env:Answer/env:Choice">
    <Auswahl>{normalize-space()}</Auswahl>
  </xsl:template>

  <xsl:template match="env:Answer/env:Date">
    <Datum>{normalize-space()}</Datum>
  </xsl:template>

  <xsl:template match="env:Answer/env:Number">
    <Zahl>{normalize-space()}</Zahl>
  </xsl:template>

  <xsl:template match="env:Answer/env:Text">
    <Text>{.}</Text>
  </xsl:template>

  <xsl:template match="env:Answer/env:AttachmentRef">
    <AnlageRef>{normalize-space()}</AnlageRef>
  </xsl:template>

  <xsl:template match="env:Attachment">
    <Anlage kennung="{normalize-space(@id)}">
      <Dateiname>{env:FileName}</Dateiname>
      <Medientyp>{normalize-space(env:MediaType)}</Medientyp>
      <!-- The envelope has the digest in base64, the chamber in hexadecimal (lower case). -->
      <Pruefsumme>{lower-case(string(xs:hexBinary(xs:base64Binary(normalize-space(env:Sha256)))))}</Pruefsumme>
      <Inhalt>{env:Content}</Inhalt>
    </Anlage>
  </xsl:template>

  <xsl:template match="hub:Notice">
    <Hinweis>
      <Hinweisnummer>{normalize-space(hub:NoticeId)}</Hinweisnummer>
      <Art>{$notice-kinds(normalize-space(hub:Kind))}</Art>
      <Grund>{$notice-reasons(normalize-space(hub:Reason))}</Grund>
      <Vorgangsnummer>{normalize-space(hub:ExchangeId)}</Vorgangsnummer>
      <Verfahren>{normalize-space(hub:ProcedureCode)}</Verfahren>
      <Ersuchende>{normalize-space(hub:Requester)}</Ersuchende>
      <Ersuchte>{normalize-space(hub:Responder)}</Ersuchte>
      <Stand>{normalize-space(hub:State)}</Stand>
      <xsl:for-each select="hub:Due">
        <Frist>{normalize-space()}</Frist>
      </xsl:for-each>
      <Ausgestellt>{normalize-space(hub:IssuedAt)}</Ausgestellt>
    </Hinweis>
  </xsl:template>

  <xsl:template match="hub:Reading">
    <Lesefassung sprache="{normalize-space(@lang)}">
      <xsl:for-each select="hub:Procedure">
        <Verfahrensname code="{@code}">{.}</Verfahrensname>
      </xsl:for-each>
      <xsl:for-each select="hub:MessageType">
        <Nachrichtenart code="{@code}">{.}</Nachrichtenart>
      </xsl:for-each>
      <xsl:for-each select="hub:NoticeKind">
        <Hinweisart code="{@code}">{.}</Hinweisart>
      </xsl:for-each>
      <xsl:for-each select="hub:NoticeReason">
        <Hinweisgrund code="{@code}">{.}</Hinweisgrund>
      </xsl:for-each>
      <xsl:for-each select="hub:State">
        <Stand code="{@code}">{.}</Stand>
      </xsl:for-each>
      <xsl:for-each select="hub:Question">
        <Fragetext code="{@code}">{.}</Fragetext>
      </xsl:for-each>
      <xsl:for-each select="hub:Answer">
        <Antworttext frage="{normalize-space(@questionCode)}">
          <Frage>{hub:Question}</Frage>
          <Antwort>{hub:Value}</Antwort>
        </Antworttext>
      </xsl:for-each>
      <xsl:for-each select="hub:FreeText">
        <Freitext nummer="{@index}" ausgangssprache="{@sourceLang}" zielsprache="{@targetLang}"
                  uebersetzung="{$translations(normalize-space(@translation))}">
          <xsl:if test="@engine">
            <xsl:attribute name="dienst" select="@engine"/>
          </xsl:if>
          <xsl:attribute name="vermerk" select="@note"/>
          <xsl:value-of select="."/>
        </Freitext>
      </xsl:for-each>
    </Lesefassung>
  </xsl:template>

  <xsl:template match="/*" priority="-1">
    <xsl:sequence select="error(xs:QName('ak:NUR_ZUSTELLUNG'),
        'Only a hub:Delivery maps to a Zustellung.')"/>
  </xsl:template>
</xsl:stylesheet>
