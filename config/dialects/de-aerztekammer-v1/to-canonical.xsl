<?xml version="1.0" encoding="UTF-8"?>
<!--
  de-aerztekammer-v1: the chamber's Anfrage to the hub's canonical envelope (unsigned).
  Input: an Anfrage valid against dialect.xsd (so every token is normalised here: the schema
  allows spaces around them). Output: an env:Envelope that the hub validates
  against envelope-v1.xsd. Every field of the Anfrage has its place in the envelope; nothing is
  dropped. Anything other than an Anfrage (a Zustellung sent back, say) is refused with
  ak:NUR_ANFRAGE.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:ak="urn:example:de-aerztekammer:v1"
                xmlns="urn:imi-hub:envelope:v1"
                exclude-result-prefixes="#all"
                expand-text="yes">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- The chamber's names of the steps, and the envelope's. -->
  <xsl:variable name="message-types" as="map(xs:string, xs:string)" select="map {
      'ERSUCHEN': 'REQUEST',
      'ANNAHME': 'ACCEPT',
      'ABLEHNUNG': 'DECLINE',
      'FRISTVORSCHLAG': 'PROPOSE_REPLY_BY',
      'FRISTZUSTIMMUNG': 'ACCEPT_REPLY_BY',
      'ANTWORT': 'ANSWER',
      'RUECKFRAGE': 'REQUEST_MORE_INFO',
      'ANTWORTANNAHME': 'ACCEPT_ANSWER',
      'RUECKNAHME': 'WITHDRAW',
      'WEITERLEITUNG': 'FORWARD',
      'WARNMELDUNG': 'ALERT',
      'WARNMELDUNG_AKTUALISIERUNG': 'ALERT_UPDATE',
      'WARNMELDUNG_KOMMENTAR': 'ALERT_COMMENT',
      'WARNMELDUNG_WEITERGABE': 'ALERT_DISSEMINATE',
      'WARNMELDUNG_RUECKNAHME': 'ALERT_WITHDRAW',
      'WARNMELDUNG_ABSCHLUSS': 'ALERT_CLOSE' }"/>

  <xsl:template match="/ak:Anfrage">
    <Envelope>
      <Header>
        <MessageId>{normalize-space(ak:Nachrichtennummer)}</MessageId>
        <ExchangeId>{normalize-space(ak:Vorgangsnummer)}</ExchangeId>
        <xsl:for-each select="ak:Bezugsnachricht">
          <InReplyTo>{normalize-space()}</InReplyTo>
        </xsl:for-each>
        <xsl:for-each select="ak:VerknuepfterVorgang">
          <LinkedExchangeId>{normalize-space()}</LinkedExchangeId>
        </xsl:for-each>
        <ProcedureCode>{normalize-space(ak:Verfahren)}</ProcedureCode>
        <MessageType>{$message-types(normalize-space(ak:Nachrichtentyp))}</MessageType>
        <Sender>{normalize-space(ak:Absender)}</Sender>
        <xsl:for-each select="ak:Empfaenger">
          <Recipient>{normalize-space()}</Recipient>
        </xsl:for-each>
        <CreatedAt>{normalize-space(ak:Erstellt)}</CreatedAt>
        <Language>{normalize-space(ak:Sprache)}</Language>
        <xsl:for-each select="ak:Antwortfrist">
          <ReplyBy>{normalize-space()}</ReplyBy>
        </xsl:for-each>
      </Header>
      <Body>
        <xsl:for-each select="ak:Fragen/ak:Frage">
          <Question code="{normalize-space(@code)}"/>
        </xsl:for-each>
        <xsl:apply-templates select="ak:Antworten/ak:Antwort"/>
        <xsl:for-each select="ak:Freitext">
          <FreeText lang="{normalize-space(@sprache)}">{.}</FreeText>
        </xsl:for-each>
      </Body>
      <xsl:where-populated>
        <Attachments>
          <xsl:apply-templates select="ak:Anlagen/ak:Anlage"/>
        </Attachments>
      </xsl:where-populated>
    </Envelope>
  </xsl:template>

  <xsl:template match="ak:Antwort">
    <Answer questionCode="{normalize-space(@frage)}">
      <xsl:apply-templates select="*"/>
    </Answer>
  </xsl:template>

  <xsl:template match="ak:Antwort/ak:JaNein">
    <YesNo>{if (normalize-space(.) = 'ja') then 'true' else 'false'}</YesNo>
  </xsl:template>

  <xsl:template match="ak:Antwort/ak:Auswahl">
    <Choice>{normalize-space()}</Choice>
  </xsl:template>

  <xsl:template match="ak:Antwort/ak:Datum">
    <Date>{normalize-space()}</Date>
  </xsl:template>

  <xsl:template match="ak:Antwort/ak:Zahl">
    <Number>{normalize-space()}</Number>
  </xsl:template>

  <xsl:template match="ak:Antwort/ak:Text">
    <Text>{.}</Text>
  </xsl:template>

  <xsl:template match="ak:Antwort/ak:AnlageRef">
    <AttachmentRef>{normalize-space()}</AttachmentRef>
  </xsl:template>

  <xsl:template match="ak:Anlage">
    <Attachment id="{normalize-space(@kennung)}">
      <FileName>{ak:Dateiname}</FileName>
      <MediaType>{normalize-space(ak:Medientyp)}</MediaType>
      <!-- The chamber writes the digest in hexadecimal, the envelope in base64. -->
      <Sha256>{xs:base64Binary(xs:hexBinary(normalize-space(ak:Pruefsumme)))}</Sha256>
      <Content>{ak:Inhalt}</Content>
    </Attachment>
  </xsl:template>

  <xsl:template match="/*" priority="-1">
    <xsl:sequence select="error(xs:QName('ak:NUR_ANFRAGE'),
        'Only an Anfrage maps to the canonical envelope.')"/>
  </xsl:template>
</xsl:stylesheet>
